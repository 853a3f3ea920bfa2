namespace BitsLite.Protocol.Transfers;

/// <summary>What a new job should be. Unset settings take the engine's defaults.</summary>
/// <remarks>
/// Properties with a default are settable rather than init-only: the JSON source generator sets every init-only
/// property, so a message that left one out would get null or 0 instead of the default. Null lists and strings read as empty.
/// </remarks>
public sealed record TransferRequest
{
    /// <summary>A short name; defaults to the first file's name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>At most 1,024 characters.</summary>
    public string Description { get; set => field = value ?? ""; } = "";

    /// <summary>The owning account; defaults to the current user.</summary>
    public string? Owner { get; init; }

    /// <summary>
    /// Download (default), Upload or UploadReply. An upload job has exactly one file, whose Source is a local file
    /// and whose Destination is the http(s) URL it goes to.
    /// </summary>
    public TransferType TransferType { get; set; } = TransferType.Download;

    /// <summary>Defaults to <see cref="TransferPriority.Normal"/>.</summary>
    public TransferPriority Priority { get; set; } = TransferPriority.Normal;

    /// <summary>The files, in transfer order. May be empty for a job created suspended.</summary>
    public IReadOnlyList<TransferFileSpec> Files { get; set => field = value ?? []; } = [];

    /// <summary>Create the job Suspended (it runs after Resume) instead of Queued.</summary>
    public bool Suspended { get; init; }

    /// <summary>Minimum delay before a retry; default 600 s.</summary>
    public TimeSpan? RetryInterval { get; init; }

    /// <summary>No-progress timeout before a transient error becomes an error; default 14 days; zero means never retry.</summary>
    public TimeSpan? RetryTimeout { get; init; }

    /// <summary>The longest time the job may stay active; default none.</summary>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <summary>A per-job limit in bytes per second; default none.</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>Extra request headers, each "Name: value", at most 16,384 characters in all.</summary>
    public IReadOnlyList<string> CustomHeaders { get; set => field = value ?? []; } = [];

    /// <summary>Credentials for the server and the proxy, at most one per target and scheme; passwords are stored encrypted.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; set => field = value ?? []; } = [];

    /// <summary>Proxy settings; <see langword="null"/> means <see cref="TransferProxyUsage.SystemDefault"/>.</summary>
    public TransferProxy? Proxy { get; init; }

    /// <summary>A program to run when the job is transferred or fails; default none.</summary>
    public TransferNotification? Notification { get; init; }

    /// <summary>On which networks the job may transfer; default <see cref="TransferCostPolicy.Always"/>.</summary>
    public TransferCostPolicy TransferPolicy { get; set; } = TransferCostPolicy.Always;

    /// <summary>
    /// Where the server's reply is written (an absolute local path in an existing directory) when an UploadReply job is
    /// completed; required for UploadReply jobs and refused for the others.
    /// </summary>
    public string? ReplyFile { get; init; }

    /// <summary>How an upload job sends its file; default <see cref="UploadMethod.Bits"/>. Only Bits for other job types.</summary>
    public UploadMethod UploadMethod { get; set; } = UploadMethod.Bits;
}
