using BitsLite.Engine.Network;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Network;

/// <summary>
/// Jobs waiting out a long retry interval after a network failure retry as soon as the network changes (after the
/// 2 s the engine lets a burst of changes settle), on a clock the test moves.
/// </summary>
public class NetworkChangeTests : TransferTestBase
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly ManualTimeProvider _time = new();
    private readonly FakeNetworkChangeSource _network = new();

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        TimeProvider = _time,
        NetworkChangeSource = _network,
    };

    // High: Normal and Low downloads may back off on delays measured on the clock, which only the test moves.
    private static TransferRequest SlowRetries => new() { Options = new() { Priority = TransferPriority.High, RetryInterval = TimeSpan.FromHours(1) } };

    private Task<TransferInfo> WaitRetryingAsync(Guid id, int errors) =>
        Harness.WaitUntilAsync(id, t => t.State == TransferState.TransientError && t.ErrorCount == errors, $"TransientError after {errors} error(s)");

    [Fact]
    public async Task AJobThatFoundNoServer_RetriesWhenTheNetworkChanges_NotAfterItsRetryInterval()
    {
        var content = EngineHarness.RandomBytes(50_000);
        Server.Serve("/back.bin", content);
        await using var port = LateListener.Reserve(Server.BaseUri);
        var job = await Harness.DownloadAsync(port.Url("/back.bin"), Harness.Out("back.bin"), SlowRetries);
        var failed = await WaitRetryingAsync(job.Id, 1);
        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error?.Context);
        Assert.Null(failed.Error?.HttpStatus);

        port.Open();
        _network.RaiseChanged();
        _time.Advance(Settle - TimeSpan.FromMilliseconds(100));
        Assert.Equal(TransferState.TransientError, Engine.Get(job.Id).State);
        Assert.Equal(0, await Engine.NetworkRetryPass);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, await Engine.NetworkRetryPass);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("back.bin")));
        Assert.Single(Server.RequestsFor("/back.bin"));
    }

    [Fact]
    public async Task ABurstOfChanges_RetriesOnce_AndNothingHappensBetweenChanges()
    {
        await using var port = LateListener.Reserve(Server.BaseUri);
        var job = await Harness.DownloadAsync(port.Url("/never.bin"), Harness.Out("never.bin"), SlowRetries);
        await WaitRetryingAsync(job.Id, 1);

        for (var i = 0; i < 5; i++)
        {
            _network.RaiseChanged();
            _time.Advance(TimeSpan.FromMilliseconds(300));
        }

        _time.Advance(Settle - TimeSpan.FromMilliseconds(1500));
        Assert.Equal(1, await Engine.NetworkRetryPass);
        await WaitRetryingAsync(job.Id, 2);

        // No polling: without a change (and well within its hour), the job waits.
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(2, Engine.Get(job.Id).ErrorCount);

        _network.RaiseChanged();
        _time.Advance(Settle);
        Assert.Equal(1, await Engine.NetworkRetryPass);
        await WaitRetryingAsync(job.Id, 3);
    }

    [Fact]
    public async Task AJobTheServerToldToWait_KeepsWaiting()
    {
        Server.Serve("/busy.bin", EngineHarness.RandomBytes(1000), new FaultPlan { FailStatus = 503, RetryAfter = "3600" });
        var job = await Harness.DownloadAsync(Server.Url("/busy.bin"), Harness.Out("busy.bin"), SlowRetries);
        var failed = await WaitRetryingAsync(job.Id, 1);
        Assert.Equal(503, failed.Error?.HttpStatus);

        _network.RaiseChanged();
        _time.Advance(Settle);

        Assert.Equal(0, await Engine.NetworkRetryPass);
        Assert.Equal(TransferState.TransientError, Engine.Get(job.Id).State);
        Assert.Single(Server.RequestsFor("/busy.bin"));
    }

    [Fact]
    public async Task SuspendedAndQueuedJobs_AreLeftAlone()
    {
        await using var port = LateListener.Reserve(Server.BaseUri);
        var job = await Harness.DownloadAsync(port.Url("/paused.bin"), Harness.Out("paused.bin"), SlowRetries);
        await WaitRetryingAsync(job.Id, 1);
        await Engine.SuspendAsync(job.Id);

        _network.RaiseChanged();
        _time.Advance(Settle);

        Assert.Equal(0, await Engine.NetworkRetryPass);
        Assert.Equal(TransferState.Suspended, Engine.Get(job.Id).State);
    }

    [Fact]
    public async Task TheEngine_StopsListening_WhenItIsDisposed()
    {
        Assert.Equal(1, _network.Listeners);

        await Harness.CloseAsync();

        Assert.Equal(0, _network.Listeners);
        await Harness.OpenAsync();
    }
}

/// <summary>The operating system's source: it can be listened to and left on any platform the engine runs on.</summary>
public class SystemNetworkChangeSourceTests
{
    [Fact]
    public void Handlers_CanBeAddedAndRemoved()
    {
        var source = new SystemNetworkChangeSource();
        EventHandler first = (_, _) => { };
        EventHandler second = (_, _) => { };

        source.NetworkChanged += first;
        source.NetworkChanged += second;
        source.NetworkChanged -= first;
        source.NetworkChanged -= second;
        source.NetworkChanged -= second;
    }
}
