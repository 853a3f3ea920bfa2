using BitsLite.Engine.Events;
using BitsLite.Engine.Network;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Jobs;

/// <summary>
/// A job's state is set when it is made or loaded; after that only <see cref="BitsLite.Engine.Jobs.JobStateChanger"/>
/// moves it (TransferJob.State is init-only and MoveTo needs the changer's Permit: the build holds to that). These
/// tests hold the changer's paths to what they promise: the move is saved and announced.
/// </summary>
public class JobStateChangerTests : TransferTestBase
{
    private readonly FakeNetworkCostProvider _network = new(NetworkCost.Unmetered);

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { NetworkCostProvider = _network };

    private long StoredState(Guid id) => (long)LegacyStore.JobColumn(Harness.DatabasePath, id, "state")!;

    private static async Task<TransferEvent> NextAsync(TransferSubscription events, Func<TransferEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(EngineHarness.WaitTimeout);
        while (true)
        {
            var next = await events.Reader.ReadAsync(timeout.Token);
            if (match(next))
            {
                return next;
            }
        }
    }

    [Fact]
    public async Task AUsersChange_IsSaved_AndAnnouncedAsAStateChange()
    {
        Server.Serve("/change.bin", EngineHarness.RandomBytes(1000));
        var job = await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/change.bin").AbsoluteUri, Harness.Out("change.bin"))] });
        using var events = Engine.Subscribe(job.Id);

        await Engine.ResumeAsync(job.Id);
        var resumed = await NextAsync(events, e => e.Kind == TransferEventKind.StateChanged);
        await Harness.WaitTransferredAsync(job.Id);
        var cancelled = await Engine.CancelAsync(job.Id);
        var announced = await NextAsync(events, e => e.Kind == TransferEventKind.StateChanged && e.Transfer.State == TransferState.Cancelled);

        Assert.Equal(TransferState.Queued, resumed.Transfer.State);
        Assert.Equal(TransferState.Cancelled, cancelled.State);
        Assert.Equal(cancelled.ModificationTime, announced.Transfer.ModificationTime);
        Assert.Equal((long)TransferState.Cancelled, StoredState(job.Id));
    }

    [Fact]
    public async Task FilesAddedToATransferredJob_QueueItAgain_AnnouncedAsAChange_AndSaved()
    {
        Server.Serve("/first.bin", EngineHarness.RandomBytes(1000));
        Server.Serve("/second.bin", EngineHarness.RandomBytes(2000));
        var job = await Harness.DownloadAsync(Server.Url("/first.bin"), Harness.Out("first.bin"));
        await Harness.WaitTransferredAsync(job.Id);
        using var events = Engine.Subscribe(job.Id);

        var added = await Engine.AddFilesAsync(job.Id, [new(Server.Url("/second.bin").AbsoluteUri, Harness.Out("second.bin"))]);
        var changed = await NextAsync(events, e => e.Kind == TransferEventKind.Changed);

        Assert.Equal(TransferState.Queued, added.State);
        Assert.Equal((TransferState.Queued, 2), (changed.Transfer.State, changed.Transfer.FilesTotal));
        var done = await Harness.WaitTransferredAsync(job.Id);
        Assert.Equal(2, done.FilesTransferred);
        Assert.Equal((long)TransferState.Transferred, StoredState(job.Id));
    }

    [Fact]
    public async Task AJobActiveWhenTheEngineStopped_IsQueuedAgainByTheNextOne_AndSaved_ThenRunsOnAnnounced()
    {
        // Unmetered only: on a metered network the requeued job must wait, Queued, where a test can see it.
        var (job, gate, _) = await StartHeldDownloadAsync("requeued.bin", 300_000, 100_000, new TransferRequest { Options = new() { TransferPolicy = TransferCostPolicy.Unmetered } });
        await Harness.CloseAsync();
        gate.Abort();
        Assert.Equal((long)TransferState.Transferring, StoredState(job.Id));   // stopping changes no state

        _network.Cost = NetworkCost.Metered;
        await Harness.OpenAsync();
        var waiting = await Harness.WaitUntilAsync(job.Id, t => t.QueueReason == NetworkCostGate.WaitingReason, "Queued waiting for an unmetered network");

        Assert.Equal(TransferState.Queued, waiting.State);
        Assert.Equal((long)TransferState.Queued, StoredState(job.Id));

        using var events = Engine.Subscribe(job.Id);
        await Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Unmetered });
        var moved = await NextAsync(events, e => e.Kind == TransferEventKind.StateChanged && e.Transfer.State != TransferState.Queued);

        Assert.Contains(moved.Transfer.State, new[] { TransferState.Connecting, TransferState.Transferring, TransferState.Transferred });
        await Harness.WaitTransferredAsync(job.Id);
    }
}
