using BitsLite.Cli.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Turns "SOURCE... DEST" into the files of a job, checking everything that can be checked locally so that the
/// host is only asked to create jobs that make sense: one source to a file path (or into an existing directory),
/// or several sources into an existing directory under names taken from their URLs or paths. Sources are
/// absolute http, https or file URLs, or local files (relative paths are made absolute); destinations are
/// made absolute. Every problem is a usage error (<see cref="CliException"/>, exit code 2).
/// </summary>
internal static class TransferFilesBuilder
{
    /// <summary>Splits operands into sources and the destination (the last one).</summary>
    public static IReadOnlyList<TransferFileSpec> Build(IReadOnlyList<string> operands, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Count < 2)
        {
            throw CliException.Usage("give at least one SOURCE and a DEST (a file path, or an existing directory)");
        }

        return Build(operands.Take(operands.Count - 1).ToList(), operands[^1], currentDirectory);
    }

    public static IReadOnlyList<TransferFileSpec> Build(IReadOnlyList<string> sources, string destination, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destination);
        var resolved = sources.Select(s => ResolveSource(s, currentDirectory)).ToList();
        if (string.IsNullOrWhiteSpace(destination))
        {
            throw CliException.Usage("DEST is empty");
        }

        var destinationPath = Path.GetFullPath(destination, currentDirectory);
        var files = new List<TransferFileSpec>();
        if (Directory.Exists(destinationPath))
        {
            foreach (var source in resolved)
            {
                files.Add(new TransferFileSpec(source.Value, IntoDirectory(destinationPath, source)));
            }
        }
        else if (resolved.Count > 1)
        {
            throw CliException.Usage($"with several sources, DEST must be an existing directory; '{destinationPath}' is not one");
        }
        else if (EndsWithSeparator(destination))
        {
            throw CliException.Usage($"the directory '{destinationPath}' does not exist");
        }
        else
        {
            var directory = Path.GetDirectoryName(destinationPath);
            if (directory is null || !Directory.Exists(directory))
            {
                throw CliException.Usage($"the directory of '{destinationPath}' does not exist; create it first");
            }

            files.Add(new TransferFileSpec(resolved[0].Value, destinationPath));
        }

        var comparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var twice = files.GroupBy(f => f.Destination, comparer).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw CliException.Usage($"two sources would both be saved as '{twice.Key}'; transfer them separately, each to its own file path");
        }

        return files;
    }

    /// <summary>A source as the host should get it: an absolute URL as given, or a local file's full path.</summary>
    public static ResolvedSource ResolveSource(string source, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw CliException.Usage("a SOURCE is empty");
        }

        if (!Path.IsPathFullyQualified(source) && source.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var url))
            {
                throw CliException.Usage($"'{source}' is not a valid URL");
            }

            if (url.Scheme is not ("http" or "https" or "file"))
            {
                throw CliException.Usage($"'{source}': the scheme '{url.Scheme}' is not supported; use http, https, file or a local path");
            }

            if (url.Scheme != "file" && string.IsNullOrEmpty(url.Host))
            {
                throw CliException.Usage($"'{source}' names no server");
            }

            return new ResolvedSource(source, url);
        }

        var full = Path.GetFullPath(source, currentDirectory);
        if (Directory.Exists(full))
        {
            throw CliException.Usage($"'{full}' is a directory; name the files to transfer");
        }

        if (!File.Exists(full))
        {
            throw CliException.Usage($"'{source}' is not an http(s) or file:// URL, and no local file '{full}' exists");
        }

        return new ResolvedSource(full, null);
    }

    private static string IntoDirectory(string directory, ResolvedSource source)
    {
        string? reason;
        var name = source.Url is { } url ? FileNameDeriver.FromUrl(url, out reason) : FileNameDeriver.FromLocalPath(source.Value, out reason);
        if (name is null)
        {
            throw CliException.Usage($"cannot take a file name from '{source.Value}': {reason}; transfer it on its own to a file path");
        }

        var path = Path.Combine(directory, name);

        // Belt and braces: the name was checked, but the result must still be directly inside the directory.
        if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(directory), StringComparison.Ordinal))
        {
            throw CliException.Usage($"'{source.Value}' would be saved outside '{directory}'");
        }

        return path;
    }

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
}
