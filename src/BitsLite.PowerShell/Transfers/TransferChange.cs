using BitsLite.Client.Watching;
using BitsLite.Protocol.Transfers;

namespace BitsLite;

/// <summary>
/// One change of a transfer, as Watch-Transfer writes it: what happened, when, and the transfer's state and progress
/// just after. A record of that moment, not a live object; its Id binds to the -Id of the other cmdlets, so a change can
/// be piped to Complete-Transfer or Resume-Transfer.
/// </summary>
public sealed class TransferChange
{
    internal TransferChange(TransferWatchEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var job = change.Transfer;
        Time = change.Time.LocalDateTime;
        Kind = change.Kind;
        Id = job.Id;
        DisplayName = job.Options.DisplayName;
        PreviousState = change.PreviousState;
        State = job.State;
        QueueReason = job.State == TransferState.Queued ? job.QueueReason : null;
        BytesTransferred = job.BytesTransferred;
        BytesTotal = job.BytesTotal;
        PercentComplete = job.PercentComplete;
        FilesTransferred = job.FilesTransferred;
        FilesTotal = job.FilesTotal;
        if (job.State is TransferState.Error or TransferState.TransientError && job.Error is { } error)
        {
            ErrorContext = error.Context;
            ErrorDescription = error.Description;
            HttpStatus = error.HttpStatus;
        }

        Resync = change.Resync;
    }

    /// <summary>When Watch-Transfer learned of the change (local time).</summary>
    public DateTime Time { get; }

    /// <summary>Current (as the transfer stood when the watch began), Created, StateChanged, Progress or Changed (files or settings).</summary>
    public TransferWatchEventKind Kind { get; }

    /// <summary>The transfer's identity.</summary>
    public Guid Id { get; }

    /// <summary>The transfer's display name.</summary>
    public string DisplayName { get; }

    /// <summary>For a StateChanged record, the state of the transfer's previous record; otherwise <see langword="null"/>.</summary>
    public TransferState? PreviousState { get; }

    /// <summary>The transfer's state just after the change.</summary>
    public TransferState State { get; }

    /// <summary>Why a Queued transfer is held back, when it is not just waiting its turn.</summary>
    public string? QueueReason { get; }

    /// <summary>Bytes on disk (or, for an upload, acknowledged) so far.</summary>
    public long BytesTransferred { get; }

    /// <summary>The total size, or -1 while any file's size is unknown.</summary>
    public long BytesTotal { get; }

    /// <summary>Percent of the bytes transferred, or <see langword="null"/> while the size is unknown.</summary>
    public double? PercentComplete { get; }

    /// <summary>The number of files whose bytes are all there.</summary>
    public int FilesTransferred { get; }

    /// <summary>The number of files.</summary>
    public int FilesTotal { get; }

    /// <summary>In Error or TransientError: where the error happened; otherwise <see langword="null"/>.</summary>
    public TransferErrorContext? ErrorContext { get; }

    /// <summary>In Error or TransientError: what went wrong; otherwise <see langword="null"/>.</summary>
    public string? ErrorDescription { get; }

    /// <summary>In Error or TransientError: the HTTP status, if the server answered with one.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// True for a state change found by reading the transfer again after events were lost (the session fell far
    /// behind): the transfer may have passed through other states between PreviousState and State.
    /// </summary>
    public bool Resync { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {DisplayName} ({Id}): {State}";
}
