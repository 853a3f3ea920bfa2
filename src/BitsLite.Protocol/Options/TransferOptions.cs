using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Options;

/// <summary>
/// A job's settings: what the host keeps for each job and returns with it (<see cref="TransferInfo.Options"/>). New jobs
/// and changes send a <see cref="TransferOptionsPatch"/>, applied over the host's defaults or over the job's settings.
/// Zero means "no limit" for every limit, here and everywhere a limit is given.
/// </summary>
/// <remarks>
/// Properties are settable with defaults, not required or init-only: the JSON source generator then reads a message
/// that leaves one out as its default. To add a setting, see docs/architecture.md ("How to add a job option").
/// </remarks>
public sealed record TransferOptions
{
    /// <summary>A short name, not necessarily unique (at most <see cref="TransferOptionRules.MaxDisplayNameLength"/> characters); default the first file's name.</summary>
    public string DisplayName { get; set => field = value ?? ""; } = "";

    /// <summary>A longer description (at most <see cref="TransferOptionRules.MaxDescriptionLength"/> characters).</summary>
    public string Description { get; set => field = value ?? ""; } = "";

    /// <summary>Foreground, High, Normal (default) or Low.</summary>
    public TransferPriority Priority { get; set; } = TransferPriority.Normal;

    /// <summary>The minimum delay before a retry after a transient error; default 600 s, as in BITS.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>How long the job may go without progress before a transient error becomes an error; default 14 days; zero: never retry.</summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The longest time the job may be active before it fails; zero (default): no limit.</summary>
    public TimeSpan MaxDownloadTime { get; set; }

    /// <summary>The job's own limit in bytes per second; zero (default): no limit.</summary>
    public long MaxBandwidth { get; set; }

    /// <summary>
    /// How many connections a Foreground or High job may use for one large file from a server that honours ranges
    /// (1 to <see cref="TransferOptionRules.MaxConnections"/>; default <see cref="TransferOptionRules.DefaultConnections"/>),
    /// at most the host policy's MaxConnectionsPerFile. Normal and Low jobs always use one; so do files smaller than two
    /// segments of <see cref="TransferOptionRules.MinSegmentSize"/>.
    /// </summary>
    public int Connections { get; set; } = TransferOptionRules.DefaultConnections;

    /// <summary>
    /// Extra request headers, each "Name: value" (at most <see cref="TransferOptionRules.MaxCustomHeadersLength"/> characters in
    /// all), sent only to the origin of the job's URLs. The host keeps their values encrypted and returns them redacted.
    /// </summary>
    public IReadOnlyList<string> CustomHeaders { get; set => field = value ?? []; } = [];

    /// <summary>Whether the custom headers are write-only: the host never shows them, not even their names.</summary>
    public bool CustomHeadersWriteOnly { get; set; }

    /// <summary>
    /// Whether the custom headers also go to other origins (scheme, host, port) than the job's URLs', where a redirect,
    /// a BITS-Host-Id or an upload's reply URL leads; off (default): never, as any of them may carry a secret.
    /// Authorization, Proxy-Authorization and Cookie stay with their origin either way.
    /// </summary>
    public bool CustomHeadersToOtherOrigins { get; set; }

    /// <summary>Credentials for the server and the proxy, one per target and scheme; the host never returns their passwords.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; set => field = value ?? []; } = [];

    /// <summary>The proxy settings; default the system's.</summary>
    public TransferProxy Proxy { get; set => field = value ?? new(); } = new();

    /// <summary>A program to run when the job is transferred or fails; <see langword="null"/> (default): none.</summary>
    public TransferNotification? Notification { get; set; }

    /// <summary>On which networks the job may transfer; default <see cref="TransferCostPolicy.Always"/>.</summary>
    public TransferCostPolicy TransferPolicy { get; set; } = TransferCostPolicy.Always;

    /// <summary>How an upload job sends its file; default <see cref="UploadMethod.Bits"/>, the only one for other jobs.</summary>
    public UploadMethod UploadMethod { get; set; } = UploadMethod.Bits;

    /// <summary>
    /// These settings as the host shows them: no password, each custom header's value replaced by "***", and no custom
    /// header at all when they are write-only.
    /// </summary>
    public TransferOptions Redacted() => this with
    {
        Credentials = Credentials.Count == 0 ? [] : [.. Credentials.Select(c => c with { Password = null })],
        CustomHeaders = CustomHeadersWriteOnly ? [] : [.. CustomHeaders.Select(RedactHeader)],
    };

    private static string RedactHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? header : header[..colon]) + ": ***";
    }
}
