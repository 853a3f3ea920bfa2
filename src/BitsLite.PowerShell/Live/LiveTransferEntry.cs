using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Live;

/// <summary>
/// The newest snapshot known of one transfer, shared by every <see cref="Transfer"/> object with its id, and when it
/// was last known current (a <see cref="TimeProvider"/> timestamp). Snapshots replace each other whole, so a reader
/// never sees half of one. Snapshots arrive by two roads, a command's replies and the event stream, so one can arrive
/// late: the host's ModificationTime, which every change of state or settings moves on, orders them (progress keeps it,
/// and progress events come in order on their one road).
/// </summary>
internal sealed class LiveTransferEntry
{
    private Snapshot _current;

    public LiveTransferEntry(TransferInfo info, long takenAt) => _current = new Snapshot(info, takenAt);

    public TransferInfo Info => Volatile.Read(ref _current).Info;

    public long TakenAt => Volatile.Read(ref _current).TakenAt;

    /// <summary>Keeps <paramref name="info"/>, known current at <paramref name="takenAt"/>, unless the host changed the transfer since.</summary>
    public void Update(TransferInfo info, long takenAt)
    {
        var seen = Volatile.Read(ref _current);
        while (true)
        {
            var newer = info.ModificationTime >= seen.Info.ModificationTime;
            var next = new Snapshot(newer ? info : seen.Info, Math.Max(takenAt, seen.TakenAt));
            var was = Interlocked.CompareExchange(ref _current, next, seen);
            if (ReferenceEquals(was, seen))
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Counts the snapshot as taken now, though it did not change (a refresh that could not reach the host).</summary>
    public void Touch(long at) => Update(Info, at);

    private sealed record Snapshot(TransferInfo Info, long TakenAt);
}
