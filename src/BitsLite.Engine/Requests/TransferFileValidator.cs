using BitsLite.Engine.Transport;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Requests;

/// <summary>
/// Checks a request's files before anything is stored, so bad input fails whole and leaves nothing behind: what only the
/// host can check (the file system, and the destinations of live jobs). The rest of a request is checked by
/// <see cref="TransferRequestRules"/>.
/// </summary>
internal static class TransferFileValidator
{
    /// <summary>Destinations compare as the platform's file system does.</summary>
    public static readonly StringComparer PathComparer =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Checks an upload's file and returns it normalised: the source an existing local file (an absolute path or a
    /// file:// URL, stored as a full path), the destination an http(s) URL that no live job already uses.
    /// </summary>
    public static TransferFileSpec ValidateUploadFile(TransferFileSpec file, Func<string, bool> isTaken)
    {
        if (file?.Source is null || file.Destination is null)
        {
            throw Invalid("Every file needs both a source and a destination.");
        }

        if (Uri.TryCreate(file.Source, UriKind.Absolute, out var sourceUrl) && !sourceUrl.IsFile && !Path.IsPathFullyQualified(file.Source))
        {
            throw new TransferException(
                TransferErrorCode.InvalidSource,
                $"An upload sends a local file; its source '{file.Source}' is a URL. Give the local file as the source and the URL as the destination.");
        }

        var source = SourceAddress.Parse(file.Source).LocalPath;
        if (Directory.Exists(source))
        {
            throw new TransferException(TransferErrorCode.InvalidSource, $"'{source}' is a directory; an upload sends one file.");
        }

        if (!File.Exists(source))
        {
            throw new TransferException(TransferErrorCode.InvalidSource, $"The file to upload, '{source}', does not exist.");
        }

        if (!Uri.TryCreate(file.Destination, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw new TransferException(
                TransferErrorCode.InvalidDestination,
                $"An upload goes to an http(s) URL; '{file.Destination}' is not one.");
        }

        var destination = url.AbsoluteUri;
        if (isTaken(destination))
        {
            throw new TransferException(
                TransferErrorCode.DestinationConflict,
                $"A live job already uploads to '{destination}'; complete or cancel that job, or choose another URL.");
        }

        return new TransferFileSpec(source, destination);
    }

    /// <summary>
    /// An UploadReply job's reply file, normalised: an absolute path in an existing directory, not a directory, not the
    /// file being uploaded, and not a destination or reply file of another live job.
    /// </summary>
    public static string ValidateReplyFile(string replyFile, string source, Func<string, bool> isTaken)
    {
        var full = ValidateDestination(replyFile);
        if (PathComparer.Equals(full, source))
        {
            throw Invalid($"The reply file '{full}' cannot be the file being uploaded.");
        }

        if (isTaken(full))
        {
            throw new TransferException(
                TransferErrorCode.DestinationConflict,
                $"The reply file '{full}' is already used by a live job; complete or cancel that job, or choose another reply file.");
        }

        return full;
    }

    /// <summary>
    /// Checks sources and destinations and returns them normalised: sources parsed, destinations full paths
    /// in existing directories, none twice and none that <paramref name="isTaken"/> says a live job already uses.
    /// </summary>
    public static List<TransferFileSpec> ValidateFiles(IEnumerable<TransferFileSpec> files, Func<string, bool> isTaken)
    {
        var seen = new HashSet<string>(PathComparer);
        var result = new List<TransferFileSpec>();
        foreach (var file in files)
        {
            if (file?.Source is null || file.Destination is null)
            {
                throw Invalid("Every file needs both a source and a destination.");
            }

            var source = SourceAddress.Normalize(file.Source);
            var destination = ValidateDestination(file.Destination);
            if (isTaken(destination))
            {
                throw new TransferException(
                    TransferErrorCode.DestinationConflict,
                    $"The destination '{destination}' is already used by a live job; complete or cancel that job, or choose another destination.");
            }

            if (!seen.Add(destination))
            {
                throw new TransferException(TransferErrorCode.DestinationConflict, $"The destination '{destination}' appears twice in the request.");
            }

            if (PathComparer.Equals(source, destination))
            {
                throw Invalid($"The file '{destination}' cannot be its own source.");
            }

            result.Add(new TransferFileSpec(source, destination) { ExpectedHash = Sha256Text.Normalize(file.ExpectedHash, destination) });
        }

        return result;
    }

    private static string ValidateDestination(string destination)
    {
        if (string.IsNullOrWhiteSpace(destination) || !Path.IsPathFullyQualified(destination))
        {
            throw new TransferException(TransferErrorCode.InvalidDestination, $"The destination '{destination}' is not an absolute path.");
        }

        var full = Path.GetFullPath(destination);
        var name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full))
        {
            throw new TransferException(TransferErrorCode.InvalidDestination, $"The destination '{full}' names a directory; name the file to create.");
        }

        if (name.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new TransferException(TransferErrorCode.InvalidDestination, $"The destination '{full}' has characters not allowed in a file name.");
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new TransferException(TransferErrorCode.InvalidDestination, $"The destination directory '{directory}' does not exist.");
        }

        return full;
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);

}
