using BitsLite.Engine.Transport;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Requests;

/// <summary>Checks what users ask for before anything is stored, so bad input fails whole and leaves nothing behind.</summary>
internal static class TransferRequestValidator
{
    public const int MaxDisplayNameLength = 256;
    public const int MaxDescriptionLength = 1024;
    public const int MaxCustomHeadersLength = 16384;

    /// <summary>Destinations compare as the platform's file system does.</summary>
    public static readonly StringComparer PathComparer =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>Everything about a new job's request except its files, which <see cref="ValidateFiles"/> checks against live jobs.</summary>
    public static void Validate(TransferRequest request, TimeSpan minimumRetryInterval)
    {
        ValidateDirection(request);
        ValidateText(request.DisplayName, request.Description);
        ValidatePriority(request.Priority);
        ValidateTimes(request.RetryInterval, request.RetryTimeout, request.MaxDownloadTime, request.MaxBandwidth, minimumRetryInterval, zeroClearsLimits: false);
        ValidateHeaders(request.CustomHeaders);
        JobOptionsValidator.ValidateCredentials(request.Credentials);
        if (request.Proxy is not null)
        {
            JobOptionsValidator.ValidateProxy(request.Proxy);
        }

        if (request.Notification is not null)
        {
            JobOptionsValidator.ValidateNotification(request.Notification, emptyRemoves: false);
        }

        JobOptionsValidator.ValidateCostPolicy(request.TransferPolicy);
        if (!request.Suspended && request.Files.Count == 0)
        {
            throw new TransferException(TransferErrorCode.EmptyJob, "A job without files cannot start; give at least one file, or create it suspended and add files.");
        }
    }

    /// <summary>A change of settings; zero clears MaxBandwidth and MaxDownloadTime.</summary>
    public static void Validate(TransferSettings settings, TimeSpan minimumRetryInterval)
    {
        ValidateText(settings.DisplayName, settings.Description);
        ValidatePriority(settings.Priority);
        ValidateTimes(settings.RetryInterval, settings.RetryTimeout, settings.MaxDownloadTime, settings.MaxBandwidth, minimumRetryInterval, zeroClearsLimits: true);
        if (settings.CustomHeaders is not null)
        {
            ValidateHeaders(settings.CustomHeaders);
        }

        if (settings.Credentials is not null)
        {
            JobOptionsValidator.ValidateCredentials(settings.Credentials);
        }

        if (settings.Proxy is not null)
        {
            JobOptionsValidator.ValidateProxy(settings.Proxy);
        }

        if (settings.Notification is not null)
        {
            JobOptionsValidator.ValidateNotification(settings.Notification, emptyRemoves: true);
        }

        JobOptionsValidator.ValidateCostPolicy(settings.TransferPolicy);
        if (settings.UploadMethod is { } method && !Enum.IsDefined(method))
        {
            throw Invalid($"Upload method {(int)method} does not exist; use Bits or Put.");
        }
    }

    /// <summary>
    /// The job type and what goes with it: an upload job sends exactly one file, an UploadReply job (BITS only) has a
    /// reply file, and the others have none; the upload method is for upload jobs.
    /// </summary>
    private static void ValidateDirection(TransferRequest request)
    {
        var type = request.TransferType;
        if (!Enum.IsDefined(type))
        {
            throw Invalid($"Transfer type {(int)type} does not exist; use Download, Upload or UploadReply.");
        }

        if (!Enum.IsDefined(request.UploadMethod))
        {
            throw Invalid($"Upload method {(int)request.UploadMethod} does not exist; use Bits or Put.");
        }

        if (type == TransferType.Download)
        {
            if (request.UploadMethod != UploadMethod.Bits)
            {
                throw Invalid("An upload method is for Upload and UploadReply jobs only.");
            }
        }
        else if (request.Files.Count != 1)
        {
            throw Invalid($"An {type} job sends exactly one file (a local file to a URL); this request has {request.Files.Count}.");
        }

        if (type == TransferType.UploadReply)
        {
            if (request.ReplyFile is null)
            {
                throw Invalid("An UploadReply job needs a reply file: the local path the server's reply is written to.");
            }

            if (request.UploadMethod == UploadMethod.Put)
            {
                throw Invalid("An UploadReply job needs the BITS upload protocol: a plain PUT has no reply to fetch.");
            }
        }
        else if (request.ReplyFile is not null)
        {
            throw Invalid($"A reply file is for UploadReply jobs only; this is a{(type == TransferType.Upload ? "n" : "")} {type} job.");
        }
    }

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

    public static void ValidateText(string? displayName, string? description)
    {
        if (displayName is not null && (string.IsNullOrWhiteSpace(displayName) || displayName.Length > MaxDisplayNameLength || displayName.Any(char.IsControl)))
        {
            throw Invalid($"A display name must have 1 to {MaxDisplayNameLength} characters, not all blank, without control characters.");
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            throw Invalid($"A description must be at most {MaxDescriptionLength} characters; this one has {description.Length}.");
        }
    }

    public static void ValidateTimes(TimeSpan? retryInterval, TimeSpan? retryTimeout, TimeSpan? maxDownloadTime, long? maxBandwidth, TimeSpan minimumRetryInterval, bool zeroClearsLimits)
    {
        if (retryInterval is { } interval && interval < minimumRetryInterval)
        {
            throw Invalid($"RetryInterval must be at least {minimumRetryInterval.TotalSeconds:0.###} s.");
        }

        if (retryTimeout < TimeSpan.Zero)
        {
            throw Invalid("RetryTimeout cannot be negative (0 means never retry).");
        }

        if (maxDownloadTime is { } max && (max < TimeSpan.Zero || (max == TimeSpan.Zero && !zeroClearsLimits)))
        {
            throw Invalid("MaxDownloadTime must be positive.");
        }

        if (maxBandwidth is { } bandwidth && (bandwidth < 0 || (bandwidth == 0 && !zeroClearsLimits)))
        {
            throw Invalid("MaxBandwidth must be a positive number of bytes per second.");
        }
    }

    /// <summary>Values that arrive as numbers (from scripts or the wire) must name a real priority.</summary>
    public static void ValidatePriority(TransferPriority? priority)
    {
        if (priority is { } value && !Enum.IsDefined(value))
        {
            throw Invalid($"Priority {(int)value} does not exist; use Foreground, High, Normal or Low.");
        }
    }

    /// <summary>Each header is "Name: value" with a token name and no line breaks; all together at most 16,384 characters.</summary>
    public static void ValidateHeaders(IReadOnlyList<string> headers)
    {
        var total = 0;
        foreach (var header in headers)
        {
            if (header is null)
            {
                throw Invalid("A custom header is missing (null).");
            }

            total += header.Length;
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || header.AsSpan(0, colon).ContainsAnyExcept(TokenCharacters) || header.Contains('\r', StringComparison.Ordinal) || header.Contains('\n', StringComparison.Ordinal))
            {
                throw Invalid($"Custom header '{header}' is not of the form 'Name: value' (a token name, no line breaks).");
            }
        }

        if (total > MaxCustomHeadersLength)
        {
            throw Invalid($"Custom headers may have at most {MaxCustomHeadersLength} characters in all; these have {total}.");
        }
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

            result.Add(new TransferFileSpec(source, destination));
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

    private static readonly System.Buffers.SearchValues<char> TokenCharacters =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}
