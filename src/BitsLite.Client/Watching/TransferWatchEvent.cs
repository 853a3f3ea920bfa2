using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Watching;

/// <summary>One thing a <see cref="TransferWatch"/> reports about a job.</summary>
public sealed record TransferWatchEvent
{
    /// <summary>What happened.</summary>
    public required TransferWatchEventKind Kind { get; init; }

    /// <summary>When the watch learned of it (the event's arrival from the host, or the read of the job).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The job just after it happened (its file list may be empty when it was read as a summary).</summary>
    public required TransferInfo Transfer { get; init; }

    /// <summary>
    /// For <see cref="TransferWatchEventKind.StateChanged"/>: the state the watch last reported for the job, so that
    /// each job's events chain (one's <see cref="PreviousState"/> is the state of the job's event before it).
    /// <see langword="null"/> for other kinds.
    /// </summary>
    public TransferState? PreviousState { get; init; }

    /// <summary>
    /// True when events were lost before this one (the host or this client fell behind) and the job was read again: it
    /// may have passed through other states between <see cref="PreviousState"/> and its state now.
    /// </summary>
    public bool Resync { get; init; }
}
