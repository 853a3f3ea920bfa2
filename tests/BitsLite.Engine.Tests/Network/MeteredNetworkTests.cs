using BitsLite.Engine.Network;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Network;

/// <summary>Jobs whose transfer policy is Unmetered, on a network whose cost a test sets (real clock, 30 s checks).</summary>
public class MeteredNetworkTests : TransferTestBase
{
    private readonly FakeNetworkCostProvider _network = new(NetworkCost.Metered);

    private static readonly TransferRequest UnmeteredOnly = new() { Options = new() { TransferPolicy = TransferCostPolicy.Unmetered } };

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { NetworkCostProvider = _network };

    private Task<TransferInfo> WaitForReasonAsync(Guid id) =>
        Harness.WaitUntilAsync(id, t => t is { State: TransferState.Queued, QueueReason: NetworkCostGate.WaitingReason }, "Queued waiting for an unmetered network");

    [Fact]
    public async Task AnUnmeteredJob_OnAMeteredNetwork_WaitsQueuedWithTheReason_AndNothingIsRequested()
    {
        Server.Serve("/wait.bin", EngineHarness.RandomBytes(1000));

        var job = await Harness.DownloadAsync(Server.Url("/wait.bin"), Harness.Out("wait.bin"), UnmeteredOnly);
        var waiting = await WaitForReasonAsync(job.Id);

        Assert.Equal("waiting for an unmetered network (the current network is metered)", waiting.QueueReason);
        Assert.Equal(NetworkCost.Metered, Engine.Policy.NetworkCost);
        Assert.Empty(Server.RequestsFor("/wait.bin"));
        Assert.Equal(waiting.QueueReason, Engine.Get(job.Id).QueueReason);
    }

    [Fact]
    public async Task AJobThatMayUseAnyNetwork_IsNotHeldBack_AndTheProviderIsNotAsked()
    {
        Server.Serve("/any.bin", EngineHarness.RandomBytes(1000));

        var job = await Harness.DownloadAsync(Server.Url("/any.bin"), Harness.Out("any.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Null(done.QueueReason);
        Assert.Equal(0, _network.Asked);
    }

    [Fact]
    public async Task TheOverride_DecidesWithoutAskingTheProvider_AndChangingItStartsAWaitingJobAtOnce()
    {
        _network.Cost = NetworkCost.Unmetered;
        await Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Metered });
        Server.Serve("/override.bin", EngineHarness.RandomBytes(1000));

        var job = await Harness.DownloadAsync(Server.Url("/override.bin"), Harness.Out("override.bin"), UnmeteredOnly);
        await WaitForReasonAsync(job.Id);
        Assert.Equal(0, _network.Asked);

        var policy = await Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Unmetered });
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(NetworkCostOverride.Unmetered, policy.NetworkCostOverride);
        Assert.Null(done.QueueReason);
        Assert.Equal(0, _network.Asked);
    }

    [Fact]
    public async Task AnUnknownCost_CountsAsUnmetered()
    {
        _network.Cost = NetworkCost.Unknown;
        Server.Serve("/unknown.bin", EngineHarness.RandomBytes(1000));

        var job = await Harness.DownloadAsync(Server.Url("/unknown.bin"), Harness.Out("unknown.bin"), UnmeteredOnly);
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(1, _network.Asked);
        Assert.Equal(NetworkCost.Unknown, Engine.Policy.NetworkCost);
    }

    [Fact]
    public async Task AWaitingJobWhosePolicyBecomesAlways_StartsAtOnce()
    {
        Server.Serve("/relaxed.bin", EngineHarness.RandomBytes(1000));
        var job = await Harness.DownloadAsync(Server.Url("/relaxed.bin"), Harness.Out("relaxed.bin"), UnmeteredOnly);
        await WaitForReasonAsync(job.Id);

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { TransferPolicy = TransferCostPolicy.Always });
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(TransferCostPolicy.Always, done.Options.TransferPolicy);
    }

    [Fact]
    public async Task ARunningJobWhosePolicyBecomesUnmetered_StopsAndWaits_KeepingItsBytes()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("strict.bin", 200_000, 50_000);

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { TransferPolicy = TransferCostPolicy.Unmetered });
        var waiting = await WaitForReasonAsync(job.Id);
        gate.Abort();

        Assert.Equal(50_000, waiting.BytesTransferred);
        await Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Unmetered });
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("strict.bin")));
        Assert.Equal("bytes=50000-", Server.RequestsFor("/strict.bin")[1].Range);
    }

    [Fact]
    public async Task SuspendingAWaitingJob_HidesTheReason_AndResumeWaitsAgain()
    {
        Server.Serve("/held.bin", EngineHarness.RandomBytes(1000));
        var job = await Harness.DownloadAsync(Server.Url("/held.bin"), Harness.Out("held.bin"), UnmeteredOnly);
        await WaitForReasonAsync(job.Id);

        var suspended = await Engine.SuspendAsync(job.Id);
        Assert.Null(suspended.QueueReason);

        await Engine.ResumeAsync(job.Id);
        await WaitForReasonAsync(job.Id);
        Assert.Empty(Server.RequestsFor("/held.bin"));
    }
}

/// <summary>The periodic check, on a clock the test moves.</summary>
public class MeteredNetworkCheckTests : TransferTestBase
{
    private readonly FakeNetworkCostProvider _network = new(NetworkCost.Metered);
    private readonly ManualTimeProvider _time = new();

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        NetworkCostProvider = _network,
        NetworkCostCheckInterval = TimeSpan.FromSeconds(30),
        TimeProvider = _time,
    };

    [Fact]
    public async Task AWaitingJob_StartsWhenTheNextCheckFindsTheNetworkUnmetered_AndChecksStopWithIt()
    {
        Server.Serve("/later.bin", EngineHarness.RandomBytes(1000));
        var job = await Harness.DownloadAsync(Server.Url("/later.bin"), Harness.Out("later.bin"), new TransferRequest { Options = new() { TransferPolicy = TransferCostPolicy.Unmetered } });
        await Harness.WaitUntilAsync(job.Id, t => t.QueueReason is not null, "a queue reason");
        Assert.Equal(1, _network.Asked);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, _network.Asked);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAskedAsync(2);
        Assert.Equal(TransferState.Queued, Engine.Get(job.Id).State);

        _network.Cost = NetworkCost.Unmetered;
        _time.Advance(TimeSpan.FromSeconds(30));
        await Harness.WaitTransferredAsync(job.Id);

        // Nothing needs an unmetered network any more: no more questions, however long the host runs.
        var asked = _network.Asked;
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(asked, _network.Asked);
    }

    private async Task WaitForAskedAsync(int count)
    {
        // The check asks on the thread pool; wait for it (bounded), never for a fixed time.
        using var timeout = new CancellationTokenSource(EngineHarness.WaitTimeout);
        while (_network.Asked < count)
        {
            await Task.Delay(10, CancellationToken.None);
            Assert.False(timeout.IsCancellationRequested, $"the provider was asked {_network.Asked} times, not {count}");
        }
    }
}

/// <summary>A running job on a network that turns metered, with checks every 100 ms of real time.</summary>
public class MeteredNetworkRunningJobTests : TransferTestBase
{
    private readonly FakeNetworkCostProvider _network = new(NetworkCost.Unmetered);

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        NetworkCostProvider = _network,
        NetworkCostCheckInterval = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task ARunningUnmeteredJob_GoesBackToQueuedWhenTheNetworkTurnsMetered_AndResumesWithoutLosingBytes()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("roaming.bin", 300_000, 100_000, new TransferRequest { Options = new() { TransferPolicy = TransferCostPolicy.Unmetered } });

        _network.Cost = NetworkCost.Metered;
        var waiting = await Harness.WaitUntilAsync(job.Id, t => t.QueueReason == NetworkCostGate.WaitingReason, "Queued waiting for an unmetered network");
        gate.Abort();
        Assert.Equal(TransferState.Queued, waiting.State);
        Assert.Equal(100_000, waiting.BytesTransferred);

        _network.Cost = NetworkCost.Unmetered;
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("roaming.bin")));
        Assert.Equal(2, Server.RequestsFor("/roaming.bin").Count);
        Assert.Equal("bytes=100000-", Server.RequestsFor("/roaming.bin")[1].Range);
    }
}
