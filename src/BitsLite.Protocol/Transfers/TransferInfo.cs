using BitsLite.Protocol.Options;

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



    /// <summary>The job's settings, as the host shows them (<see cref="TransferOptions.Redacted"/>: no password, no header value).</summary>
    public TransferOptions Options { get; set => field = value ?? new(); } = new();

    /// <summary>The account that owns the job.</summary>
    public required string Owner { get; init; }

    /// <summary>Download, Upload or UploadReply.</summary>
    public TransferType TransferType { get; init; }


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


    /// <summary>Percent of bytes transferred, or <see langword="null"/> while the total is unknown.</summary>
    public double? PercentComplete =>
        BytesTotal > 0 ? Math.Round(100.0 * BytesTransferred / BytesTotal, 1) : BytesTotal == 0 && FilesTotal > 0 ? 100 : null;
}
