using BitsLite.PowerShell.Live;
using BitsLite.PowerShell.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Live;

public sealed class LiveTransferEntryTests
{
    private static readonly DateTimeOffset Changed = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Update_TakesANewerChange_AndProgressOfTheSameChange()
    {
        var queued = Transfers.Named("t") with { ModificationTime = Changed };
        var entry = new LiveTransferEntry(queued, takenAt: 1);

        var transferring = queued with { State = TransferState.Transferring, ModificationTime = Changed.AddSeconds(1) };
        entry.Update(transferring, takenAt: 2);
        Assert.Same(transferring, entry.Info);

        var progress = transferring with { BytesTransferred = 4096 };
        entry.Update(progress, takenAt: 3);
        Assert.Same(progress, entry.Info);
        Assert.Equal(3, entry.TakenAt);
    }

    [Fact]
    public void Update_KeepsTheNewerChange_WhenAnOlderSnapshotArrivesLate()
    {
        // A progress event from before the transfer settled reaches the session after the command's own reply.
        var transferred = Transfers.Named("t", TransferState.Transferred) with { ModificationTime = Changed.AddSeconds(5) };
        var entry = new LiveTransferEntry(transferred, takenAt: 10);

        entry.Update(transferred with { State = TransferState.Transferring, ModificationTime = Changed }, takenAt: 11);

        Assert.Equal(TransferState.Transferred, entry.Info.State);
        Assert.Equal(11, entry.TakenAt);
    }

    [Fact]
    public void Touch_KeepsTheSnapshot_AndMovesItsTime()
    {
        var info = Transfers.Named("t");
        var entry = new LiveTransferEntry(info, takenAt: 1);

        entry.Touch(7);

        Assert.Same(info, entry.Info);
        Assert.Equal(7, entry.TakenAt);
    }
}
