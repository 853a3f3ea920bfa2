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
        if (request.TransferType != TransferType.Download)
        {
            throw Invalid($"{request.TransferType} jobs are not supported by this version; only downloads are.");
        }

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
