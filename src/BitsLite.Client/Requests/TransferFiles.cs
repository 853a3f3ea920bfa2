using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Requests;

/// <summary>
/// Turns sources and destinations as users type them into the files of a job, checking everything that can be
/// checked locally so that the host is only asked to create jobs that make sense: one source to a file path (or
/// into an existing directory), or several sources into an existing directory under names taken from their URLs
/// or paths. Sources are absolute http, https or file URLs, or local files (relative paths are made absolute);
/// destinations are made absolute. The CLI and the cmdlets share these rules.
/// </summary>
/// <remarks>Every problem is a <see cref="TransferException"/> with <see cref="TransferErrorCode.InvalidArgument"/>.</remarks>
public static class TransferFiles
{
    /// <summary>
    /// Start-BitsTransfer's pairing: no destination saves every source into <paramref name="currentDirectory"/>;
    /// one destination is a file path (one source) or a directory; otherwise each source has its own destination.
    /// </summary>
    /// <exception cref="TransferException">A source or destination is unusable, or the counts do not pair up.</exception>
    public static IReadOnlyList<TransferFileSpec> Pair(IReadOnlyList<string> sources, IReadOnlyList<string>? destinations, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw Invalid("Give at least one source.");
        }

        if (destinations is null || destinations.Count == 0)
        {
            return Build(sources, currentDirectory, currentDirectory);
        }

        if (destinations.Count == 1)
        {
            return Build(sources, destinations[0], currentDirectory);
        }

        if (destinations.Count != sources.Count)
        {
            throw Invalid($"{sources.Count} sources and {destinations.Count} destinations do not pair up: give one destination per source, or one directory for all.");
        }

        var files = sources.Zip(destinations, (s, d) => Build([s], d, currentDirectory)[0]).ToList();
        EnsureDistinct(files);
        return files;
    }

    /// <summary>The sources into <paramref name="destination"/>: a file path for one source, or an existing directory.</summary>
    /// <exception cref="TransferException">A source or destination is unusable.</exception>
    public static IReadOnlyList<TransferFileSpec> Build(IReadOnlyList<string> sources, string destination, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destination);
        var resolved = sources.Select(s => ResolveSource(s, currentDirectory)).ToList();
        if (string.IsNullOrWhiteSpace(destination))
        {
            throw Invalid("The destination is empty.");
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
            throw Invalid($"With several sources, the destination must be an existing directory; '{destinationPath}' is not one.");
        }
        else if (EndsWithSeparator(destination))
        {
            throw Invalid($"The directory '{destinationPath}' does not exist.");
        }
        else
        {
            var directory = Path.GetDirectoryName(destinationPath);
            if (directory is null || !Directory.Exists(directory))
            {
                throw Invalid($"The directory of '{destinationPath}' does not exist; create it first.");
            }

            files.Add(new TransferFileSpec(resolved[0].Value, destinationPath));
        }

        EnsureDistinct(files);
        return files;
    }

    private static void EnsureDistinct(List<TransferFileSpec> files)
    {
        var comparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var twice = files.GroupBy(f => f.Destination, comparer).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw Invalid($"Two sources would both be saved as '{twice.Key}'; transfer them separately, each to its own file path.");
        }
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);

    /// <summary>A source as the host should get it: an absolute URL as given, or a local file's full path.</summary>
    /// <exception cref="TransferException">Not an http, https or file URL, and no local file.</exception>
    public static ResolvedSource ResolveSource(string source, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw Invalid("A source is empty.");
        }

        if (!Path.IsPathFullyQualified(source) && source.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var url))
            {
                throw Invalid($"The source '{source}' is not a valid URL.");
            }

            if (url.Scheme is not ("http" or "https" or "file"))
            {
                throw Invalid($"The source '{source}' cannot be used: the scheme '{url.Scheme}' is not supported; use http, https, file or a local path.");
            }

            if (url.Scheme != "file" && string.IsNullOrEmpty(url.Host))
            {
                throw Invalid($"The source '{source}' names no server.");
            }

            return new ResolvedSource(source, url);
        }

        var full = Path.GetFullPath(source, currentDirectory);
        if (Directory.Exists(full))
        {
            throw Invalid($"The source '{full}' is a directory; name the files to transfer.");
        }

        if (!File.Exists(full))
        {
            throw Invalid($"The source '{source}' is not an http(s) or file:// URL, and no local file '{full}' exists.");
        }

        return new ResolvedSource(full, null);
    }

    private static string IntoDirectory(string directory, ResolvedSource source)
    {
        string? reason;
        var name = source.Url is { } url ? FileNameDeriver.FromUrl(url, out reason) : FileNameDeriver.FromLocalPath(source.Value, out reason);
        if (name is null)
        {
            throw Invalid($"Cannot take a file name from '{source.Value}': {reason}; transfer it on its own to a file path.");
        }

        var path = Path.Combine(directory, name);

        // Belt and braces: the name was checked, but the result must still be directly inside the directory.
        if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(directory), StringComparison.Ordinal))
        {
            throw Invalid($"The source '{source.Value}' would be saved outside '{directory}'.");
        }

        return path;
    }

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
}
