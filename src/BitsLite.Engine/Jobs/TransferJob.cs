using BitsLite.Engine.Throttling;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// The engine's working copy of a job. Every field is read and written under <see cref="Gate"/>;
/// <see cref="ToInfo"/> takes the snapshot that leaves the engine.
/// </summary>
internal sealed class TransferJob
{
    public object Gate { get; } = new();

    /// <summary>The store's sequence number: creation order, used for first-come-first-served.</summary>
    public long Sequence { get; set; }

    public required Guid Id { get; init; }

    public required string DisplayName { get; set; }

    public string Description { get; set; } = "";

    public required string Owner { get; init; }

    public TransferType Type { get; init; }

    public TransferPriority Priority { get; set; }

    public TransferState State { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset ModificationTime { get; set; }

    public DateTimeOffset? CompletionTime { get; set; }

    public TimeSpan RetryInterval { get; set; }

    public TimeSpan RetryTimeout { get; set; }

    public TimeSpan? MaxDownloadTime { get; set; }

    public long? MaxBandwidth { get; set; }

    public IReadOnlyList<string> CustomHeaders { get; set; } = [];

    /// <summary>With their passwords, in memory only; <see cref="ToInfo"/> leaves the passwords out.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; set; } = [];

    public TransferProxy Proxy { get; set; } = new();

    public TransferNotification? Notification { get; set; }

    public TransferCostPolicy TransferPolicy { get; set; }

    /// <summary>Why the job waits in Queued other than for a slot; not stored, recomputed by whatever holds it back.</summary>
    public string? QueueReason { get; set; }

    public TransferError? Error { get; set; }

    public int ErrorCount { get; set; }

    /// <summary>When the job last received bytes or was (re)started; the retry timeout counts from here.</summary>
    public DateTimeOffset LastProgressTime { get; set; }

    /// <summary>Time spent active, for <see cref="MaxDownloadTime"/>.</summary>
    public TimeSpan ActiveTime { get; set; }

    public List<TransferFile> Files { get; } = [];

    /// <summary>Where an UploadReply job's reply goes on Complete; <see langword="null"/> for other jobs.</summary>
    public string? ReplyFile { get; init; }

    /// <summary>How an upload job sends its file.</summary>
    public UploadMethod UploadMethod { get; set; }

    /// <summary>An upload job's server session and reply.</summary>
    public UploadState Upload { get; } = new();

    /// <summary>The job's own limit (from <see cref="MaxBandwidth"/>), or <see langword="null"/>.</summary>
    public TokenBucket? Bandwidth { get; set; }

    /// <summary>When the last progress event went out, to send a few per second at most.</summary>
    public long LastProgressEvent { get; set; }

    /// <summary>Whether a trailing progress event is already scheduled.</summary>
    public bool TrailingProgressPending { get; set; }

    /// <summary>Bumped whenever a runner starts or is taken off the job; a runner's late state changes carry a stale value and are ignored.</summary>
    public int RunId { get; set; }

    /// <param name="withFiles">False leaves the file list out (the totals stay), for summaries.</param>
    public TransferInfo ToInfo(bool withFiles = true)
    {
        long total = 0, transferred = 0;
        int done = 0;
        var anyUnknown = false;
        foreach (var file in Files)
        {
            anyUnknown |= file.BytesTotal < 0;
            total += Math.Max(file.BytesTotal, 0);
            transferred += file.BytesTransferred;
            done += file.IsTransferred ? 1 : 0;
        }

        return new TransferInfo
        {
            Id = Id,
            DisplayName = DisplayName,
            Description = Description,
            Owner = Owner,
            TransferType = Type,
            Priority = Priority,
            State = State,
            Files = withFiles ? Files.ConvertAll(f => f.ToInfo()) : [],
            BytesTotal = anyUnknown ? -1 : total,
            BytesTransferred = transferred,
            FilesTotal = Files.Count,
            FilesTransferred = done,
            CreationTime = CreationTime,
            ModificationTime = ModificationTime,
            TransferCompletionTime = CompletionTime,
            Error = Error,
            ErrorCount = ErrorCount,
            RetryInterval = RetryInterval,
            RetryTimeout = RetryTimeout,
            MaxDownloadTime = MaxDownloadTime,
            MaxBandwidth = MaxBandwidth,
            CustomHeaders = CustomHeaders,
            Credentials = Credentials.Count == 0 ? [] : [.. Credentials.Select(c => c with { Password = null })],
            Proxy = Proxy,
            Notification = Notification,
            TransferPolicy = TransferPolicy,
            QueueReason = State == TransferState.Queued ? QueueReason : null,
            ReplyFile = ReplyFile,
            ReplyBytesTotal = ReplyFile is null ? -1 : Upload.ReplyBytesTotal,
            ReplyBytesTransferred = ReplyFile is null ? 0 : Upload.ReplyBytesTransferred,
            UploadMethod = UploadMethod,
        };
    }
}
