using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Watching;

/// <summary>Something a <see cref="TransferWatch"/> has to report on, in the order it arrived.</summary>
/// <param name="Sequence">Arrival order within the backlog.</param>
/// <param name="Time">When it arrived.</param>
internal abstract record WatchItem(long Sequence, DateTimeOffset Time);

/// <summary>An event from the host.</summary>
internal sealed record EventArrived(long Sequence, DateTimeOffset Time, TransferEventKind Kind, TransferInfo Transfer) : WatchItem(Sequence, Time);

/// <summary>Events were lost: read one job again, or every watched job (<paramref name="TransferId"/> null).</summary>
internal sealed record ReadAgain(long Sequence, DateTimeOffset Time, Guid? TransferId) : WatchItem(Sequence, Time);

/// <summary>A subscription ended: the connection to the host was lost.</summary>
internal sealed record WatchFailed(long Sequence, DateTimeOffset Time, Exception Reason) : WatchItem(Sequence, Time);
