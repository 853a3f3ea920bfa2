using BitsLite.Engine.Requests;
using BitsLite.Engine.Tests.Infrastructure;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class SchedulingTests : IAsyncLifetime
{
    private FaultServer _server = null!;
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _engine = await EngineHarness.StartAsync(o => new TransferEngineOptions
        {
            DatabasePath = o.DatabasePath,
            MinimumRetryInterval = o.MinimumRetryInterval,
            DefaultRetryInterval = o.DefaultRetryInterval,
            CheckpointInterval = o.CheckpointInterval,
            MaxActiveJobs = 1,
        });
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AHigherPriorityJob_PreemptsARunningLowOne_WhichResumesAfterwards()
    {
        var lowContent = EngineHarness.RandomBytes(300_000);
        var gate = new ResponseGate();
        _server.Serve("/low.bin", lowContent, new FaultPlan { PauseAfterBytes = 100_000, Gate = gate });
        _server.Serve("/high.bin", EngineHarness.RandomBytes(1000));
        var low = await _engine.DownloadAsync(_server.Url("/low.bin"), _engine.Out("low.bin"), new TransferRequest { Priority = TransferPriority.Low });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);

        var high = await _engine.DownloadAsync(_server.Url("/high.bin"), _engine.Out("high.bin"), new TransferRequest { Priority = TransferPriority.High });
        await _engine.WaitTransferredAsync(high.Id);
        gate.Abort();
        await _engine.WaitTransferredAsync(low.Id);
        await _engine.Engine.CompleteAsync(low.Id);

        Assert.Equal(EngineHarness.Sha256(lowContent), EngineHarness.Sha256(_engine.Out("low.bin")));
        Assert.Equal("bytes=100000-", _server.RequestsFor("/low.bin")[1].Range);
    }

    [Fact]
    public async Task QueuedJobs_RunInPriorityOrder_ThenFirstComeFirstServed()
    {
        var gate = new ResponseGate();
        _server.Serve("/blocker.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { PauseAfterBytes = 1000, Gate = gate });
        var blocker = await _engine.DownloadAsync(_server.Url("/blocker.bin"), _engine.Out("blocker.bin"), new TransferRequest { Priority = TransferPriority.Foreground });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);

        var names = new[] { ("low1", TransferPriority.Low), ("normal", TransferPriority.Normal), ("low2", TransferPriority.Low), ("high", TransferPriority.High) };
        var jobs = new List<TransferInfo>();
        foreach (var (name, priority) in names)
        {
            _server.Serve($"/{name}", [1]);
            jobs.Add(await _engine.DownloadAsync(_server.Url($"/{name}"), _engine.Out(name), new TransferRequest { Priority = priority }));
        }

        gate.Release();
        foreach (var job in jobs)
        {
            await _engine.WaitTransferredAsync(job.Id);
        }

        var order = _server.AllRequests.Select(r => r.Path).Where(p => p != "/blocker.bin").ToList();
        Assert.Equal(["/high", "/normal", "/low1", "/low2"], order);
        Assert.Equal(TransferState.Transferred, _engine.Engine.Get(blocker.Id).State);
    }
}
