namespace BitsLite.Protocol.Transfers;

/// <summary>A snapshot of a transfer job, as seen by clients.</summary>
/// <remarks>
/// Properties with a default are settable rather than init-only: the JSON source generator sets every init-only
/// property, so a message that left one out would get null or 0 instead of the default. Null lists and strings read as empty.
/// </remarks>
public sealed record TransferInfo
{
    /// <summary>The job's identity.</summary>
    public required Guid Id { get; init; }

    /// <summary>A short name chosen by the user.</summary>
    public required string DisplayName { get; init; }

    /// <summary>A longer description (at most 1,024 characters).</summary>
    public string Description { get; set => field = value ?? ""; } = "";

    /// <summary>The account that owns the job.</summary>
    public required string Owner { get; init; }

    /// <summary>Download, Upload or UploadReply.</summary>
    public TransferType TransferType { get; init; }

    /// <summary>The job's priority.</summary>
    public TransferPriority Priority { get; init; }

    /// <summary>The job's state.</summary>
    public TransferState State { get; init; }

    /// <summary>The job's files, in transfer order.</summary>
    public IReadOnlyList<TransferFileInfo> Files { get; set => field = value ?? []; } = [];

    /// <summary>The sum of the files' sizes, or -1 while any size is unknown.</summary>
    public long BytesTotal { get; init; }

    /// <summary>Bytes received so far, over all files.</summary>
    public long BytesTransferred { get; init; }

    /// <summary>The number of files.</summary>
    public int FilesTotal { get; init; }

    /// <summary>The number of files whose bytes are all on disk.</summary>
    public int FilesTransferred { get; init; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreationTime { get; init; }

    /// <summary>When the job last changed (state, settings or files).</summary>
    public DateTimeOffset ModificationTime { get; init; }

    /// <summary>When the job reached Transferred, if it has.</summary>
    public DateTimeOffset? TransferCompletionTime { get; init; }

    /// <summary>The last error, or <see langword="null"/> when the job has had none since it last made progress.</summary>
    public TransferError? Error { get; init; }

    /// <summary>How many errors (transient or not) the job has met in all.</summary>
    public int ErrorCount { get; init; }

    /// <summary>The minimum delay before retrying after a transient error.</summary>
    public TimeSpan RetryInterval { get; init; }

    /// <summary>How long the job may go without progress before a transient error becomes an error.</summary>
    public TimeSpan RetryTimeout { get; init; }

    /// <summary>The longest time the job may spend active before it fails, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <summary>This job's own bandwidth limit in bytes per second, or <see langword="null"/> for none.</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>Extra request headers, each "Name: value".</summary>
    public IReadOnlyList<string> CustomHeaders { get; set => field = value ?? []; } = [];

    /// <summary>The job's credentials, without their passwords.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; set => field = value ?? []; } = [];

    /// <summary>The job's proxy settings.</summary>
    public TransferProxy Proxy { get; set => field = value ?? new(); } = new();

    /// <summary>The notification command, or <see langword="null"/> for none.</summary>
    public TransferNotification? Notification { get; init; }

    /// <summary>On which networks the job may transfer.</summary>
    public TransferCostPolicy TransferPolicy { get; init; }

    /// <summary>
    /// Why a Queued job is not starting, when it is not simply waiting for a transfer slot (for example
    /// "waiting for an unmetered network"); otherwise <see langword="null"/>.
    /// </summary>
    public string? QueueReason { get; init; }

    /// <summary>Where an UploadReply job's reply appears when it is completed; <see langword="null"/> for other jobs.</summary>
    public string? ReplyFile { get; init; }

    /// <summary>The reply's size in bytes, or -1 while unknown (UploadReply jobs; -1 for others).</summary>
    public long ReplyBytesTotal { get; set; } = -1;

    /// <summary>Bytes of the reply received so far (UploadReply jobs).</summary>
    public long ReplyBytesTransferred { get; init; }

    /// <summary>How an upload job sends its file (always <see cref="UploadMethod.Bits"/> for downloads).</summary>
    public UploadMethod UploadMethod { get; init; }

    /// <summary>Percent of bytes transferred, or <see langword="null"/> while the total is unknown.</summary>
    public double? PercentComplete =>
        BytesTotal > 0 ? Math.Round(100.0 * BytesTransferred / BytesTotal, 1) : BytesTotal == 0 && FilesTotal > 0 ? 100 : null;
}
