using BitsLite.Cli.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// The job settings given on a command line (all optional), already parsed, and how they become a
/// <see cref="TransferRequest"/> (transfer, create) or a <see cref="TransferSettings"/> change (set).
/// A limit of 0 means "no limit": left out of a new job, and sent as 0 (which clears it) in a change.
/// </summary>
internal sealed record JobSettingsValues
{
    public const int MaxDisplayNameLength = 256;
    public const int MaxDescriptionLength = 1024;

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public TransferPriority? Priority { get; init; }

    /// <summary>Bytes per second; 0 = no limit.</summary>
    public long? MaxBandwidth { get; init; }

    public TimeSpan? RetryInterval { get; init; }

    public TimeSpan? RetryTimeout { get; init; }

    /// <summary>Zero = no limit.</summary>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <summary>Headers as "Name: value"; empty when none were given.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Remove every custom header (set only).</summary>
    public bool ClearHeaders { get; init; }

    /// <summary>Whether anything at all was given (set needs something to change).</summary>
    public bool IsEmpty =>
        DisplayName is null && Description is null && Priority is null && MaxBandwidth is null && RetryInterval is null
        && RetryTimeout is null && MaxDownloadTime is null && Headers.Count == 0 && !ClearHeaders;

    /// <summary>A new job with <paramref name="files"/>; <paramref name="defaultPriority"/> applies unless --priority was given.</summary>
    public TransferRequest ToRequest(IReadOnlyList<TransferFileSpec> files, bool suspended, TransferPriority defaultPriority)
    {
        ArgumentNullException.ThrowIfNull(files);
        CheckText();
        if (ClearHeaders)
        {
            throw CliException.Usage("--clear-headers only applies to 'set'");
        }

        return new TransferRequest
        {
            DisplayName = DisplayName,
            Description = Description ?? "",
            Priority = Priority ?? defaultPriority,
            Files = files,
            Suspended = suspended,
            RetryInterval = RetryInterval,
            RetryTimeout = RetryTimeout,
            MaxDownloadTime = MaxDownloadTime is { } max && max > TimeSpan.Zero ? max : null,
            MaxBandwidth = MaxBandwidth is > 0 ? MaxBandwidth : null,
            CustomHeaders = Headers,
        };
    }

    /// <summary>A change of settings; refuses an empty change and contradictory header options.</summary>
    public TransferSettings ToSettings()
    {
        if (IsEmpty)
        {
            throw CliException.Usage("nothing to change; give at least one option (see 'bitslite set --help')");
        }

        if (ClearHeaders && Headers.Count > 0)
        {
            throw CliException.Usage("give either --header (to replace the headers) or --clear-headers, not both");
        }

        CheckText();
        return new TransferSettings
        {
            DisplayName = DisplayName,
            Description = Description,
            Priority = Priority,
            RetryInterval = RetryInterval,
            RetryTimeout = RetryTimeout,
            MaxDownloadTime = MaxDownloadTime,
            MaxBandwidth = MaxBandwidth,
            CustomHeaders = ClearHeaders ? [] : Headers.Count > 0 ? Headers : null,
        };
    }

    private void CheckText()
    {
        if (DisplayName is not null && (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength || DisplayName.Any(char.IsControl)))
        {
            throw CliException.Usage($"--name must have 1 to {MaxDisplayNameLength} characters, not all blank, without control characters");
        }

        if (Description is { Length: > MaxDescriptionLength })
        {
            throw CliException.Usage($"--description may have at most {MaxDescriptionLength} characters; this one has {Description.Length}");
        }
    }
}
