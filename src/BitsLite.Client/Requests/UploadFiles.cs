using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Requests;

/// <summary>
/// The upload counterpart of <see cref="TransferFiles"/>: as in BITS, an upload job sends one local file (its source)
/// to one http(s) URL (its destination), and an UploadReply job's reply goes to a local reply file. Checks locally what
/// can be checked, so the host is only asked for jobs that make sense. The CLI and the cmdlets share these rules.
/// </summary>
/// <remarks>Every problem is a <see cref="TransferException"/> with <see cref="TransferErrorCode.InvalidArgument"/>.</remarks>
public static class UploadFiles
{
    /// <summary>
    /// The one file of an upload job: exactly one source, a local file (relative paths are taken against
    /// <paramref name="currentDirectory"/>; a file:// URL is accepted), and exactly one destination, an http(s) URL.
    /// </summary>
    /// <exception cref="TransferException">Not one source and one destination, or either is unusable.</exception>
    public static TransferFileSpec Pair(IReadOnlyList<string> sources, IReadOnlyList<string>? destinations, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count != 1)
        {
            throw Invalid($"An upload sends exactly one local file; {sources.Count} sources were given (start one upload per file).");
        }

        if (destinations is null || destinations.Count != 1)
        {
            throw Invalid("An upload needs exactly one destination: the http(s) URL the file goes to.");
        }

        return new TransferFileSpec(LocalFile(sources[0], currentDirectory), Url(destinations[0]));
    }

    /// <summary>An UploadReply job's reply file as a full path, in a directory that exists, and not a directory itself.</summary>
    /// <exception cref="TransferException">The path is empty, names a directory, or its directory does not exist.</exception>
    public static string ReplyFile(string path, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid("The reply file is empty.");
        }

        var full = Path.GetFullPath(path, currentDirectory);
        if (Directory.Exists(full) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar))
        {
            throw Invalid($"The reply file '{full}' names a directory; name the file the reply is written to.");
        }

        if (Path.GetDirectoryName(full) is not { } directory || !Directory.Exists(directory))
        {
            throw Invalid($"The directory of the reply file '{full}' does not exist; create it first.");
        }

        return full;
    }

    private static string LocalFile(string source, string currentDirectory)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw Invalid("The file to upload is empty.");
        }

        if (!Path.IsPathFullyQualified(source) && source.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || !url.IsFile)
            {
                throw Invalid($"An upload sends a local file, and '{source}' is a URL; give the local file first, then the URL it goes to.");
            }

            source = url.LocalPath;
        }

        var full = Path.GetFullPath(source, currentDirectory);
        if (Directory.Exists(full))
        {
            throw Invalid($"The file to upload, '{full}', is a directory; an upload sends one file.");
        }

        if (!File.Exists(full))
        {
            throw Invalid($"The file to upload, '{full}', does not exist.");
        }

        return full;
    }

    private static string Url(string destination)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            throw Invalid($"An upload goes to an http(s) URL; '{destination}' is not one.");
        }

        return url.AbsoluteUri;
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
