using BitsLite.Engine.Throttling;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// The engine's working copy of a job. Every field is read and written under <see cref="Gate"/>;
/// <see cref="ToInfo"/> takes the snapshot that leaves the engine.
/// </summary>
internal sealed class TransferJob
{
    private TransferState _state;

    public object Gate { get; } = new();

    /// <summary>The store's sequence number: creation order, used for first-come-first-served.</summary>
    public long Sequence { get; set; }

    public required Guid Id { get; init; }

    public required string Owner { get; init; }

    public TransferType Type { get; init; }

    /// <summary>The engine's clock, which the job's bandwidth limit runs on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The job's settings, with their secrets (passwords, header values) in the clear: in memory only. Changed only through
    /// <see cref="ApplyOptions"/>, which keeps what derives from them in step.
    /// </summary>
    public TransferOptions Options { get; private set; } = new();

    // What snapshots show of the settings, made once per change rather than once per snapshot.
    private TransferOptions _shownOptions = new();

    /// <summary>The job's own limit (from <see cref="TransferOptions.MaxBandwidth"/>), or <see langword="null"/> when it has none.</summary>
    public TokenBucket? Bandwidth { get; private set; }

    /// <summary>
    /// Where the job stands. Set when the job is made or loaded; after that only <see cref="JobStateChanger"/> moves it,
    /// which is the only code that can make the <see cref="JobStateChanger.Permit"/> <see cref="MoveTo"/> asks for.
    /// </summary>
    public TransferState State { get => _state; init => _state = value; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset ModificationTime { get; set; }

    public DateTimeOffset? CompletionTime { get; set; }

    /// <summary>Why the job waits in Queued other than for a slot; not stored, recomputed by whatever holds it back.</summary>
    public string? QueueReason { get; set; }

    public TransferError? Error { get; set; }

    public int ErrorCount { get; set; }

    /// <summary>When the job last received bytes or was (re)started; the retry timeout counts from here.</summary>
    public DateTimeOffset LastProgressTime { get; set; }

    /// <summary>Time spent active, for <see cref="TransferOptions.MaxDownloadTime"/>.</summary>
    public TimeSpan ActiveTime { get; set; }

    public List<TransferFile> Files { get; } = [];

    /// <summary>Where an UploadReply job's reply goes on Complete; <see langword="null"/> for other jobs.</summary>
    public string? ReplyFile { get; init; }

    /// <summary>An upload job's server session and reply.</summary>
    public UploadState Upload { get; } = new();

    /// <summary>When the last progress event went out, to send a few per second at most.</summary>
    public long LastProgressEvent { get; set; }

    /// <summary>Whether a trailing progress event is already scheduled.</summary>
    public bool TrailingProgressPending { get; set; }

    /// <summary>Bumped whenever a runner starts or is taken off the job; a runner's late state changes carry a stale value and are ignored.</summary>
    public int RunId { get; set; }

    /// <summary>
    /// Makes <paramref name="options"/> the job's settings, and its own bandwidth limit follow: a running transfer takes
    /// a new rate at once.
    /// </summary>
    public void ApplyOptions(TransferOptions options)
    {
        Options = options;
        _shownOptions = options.Redacted();
        if (options.MaxBandwidth == 0)
        {
            Bandwidth = null;
        }
        else if (Bandwidth is null)
        {
            Bandwidth = new TokenBucket(options.MaxBandwidth, Clock);
        }
        else
        {
            Bandwidth.Rate = options.MaxBandwidth;
        }
    }

    /// <summary>Moves the job to <paramref name="state"/>; see <see cref="State"/>.</summary>
    public void MoveTo(TransferState state, JobStateChanger.Permit permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        _state = state;
    }

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
            Options = _shownOptions,
            Owner = Owner,
            TransferType = Type,
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
            QueueReason = State == TransferState.Queued ? QueueReason : null,
            ReplyFile = ReplyFile,
            ReplyBytesTotal = ReplyFile is null ? -1 : Upload.ReplyBytesTotal,
            ReplyBytesTransferred = ReplyFile is null ? 0 : Upload.ReplyBytesTransferred,
        };
    }
}
