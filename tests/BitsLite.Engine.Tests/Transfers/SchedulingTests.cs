using BitsLite.Testing.FaultServing;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class SchedulingTests : TransferTestBase
{
    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        MaxActiveJobs = 1,
    };

    [Fact]
    public async Task AHigherPriorityJob_PreemptsARunningLowOne_WhichResumesAfterwards()
    {
        var (low, gate, lowContent) = await StartHeldDownloadAsync("low.bin", 300_000, 100_000, new TransferRequest { Options = new() { Priority = TransferPriority.Low } });
        Server.Serve("/high.bin", EngineHarness.RandomBytes(1000));

        var high = await Harness.DownloadAsync(Server.Url("/high.bin"), Harness.Out("high.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.High } });
        await Harness.WaitTransferredAsync(high.Id);
        gate.Abort();
        await Harness.WaitTransferredAsync(low.Id);
        await Engine.CompleteAsync(low.Id);

        Assert.Equal(EngineHarness.Sha256(lowContent), EngineHarness.Sha256(Harness.Out("low.bin")));
        Assert.Equal("bytes=100000-", Server.RequestsFor("/low.bin")[1].Range);
    }

    [Fact]
    public async Task QueuedJobs_RunInPriorityOrder_ThenFirstComeFirstServed()
    {
        var gate = new ResponseGate();
        Server.Serve("/blocker.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { PauseAfterBytes = 1000, Gate = gate });
        var blocker = await Harness.DownloadAsync(Server.Url("/blocker.bin"), Harness.Out("blocker.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Foreground } });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);

        var names = new[] { ("low1", TransferPriority.Low), ("normal", TransferPriority.Normal), ("low2", TransferPriority.Low), ("high", TransferPriority.High) };
        var jobs = new List<TransferInfo>();
        foreach (var (name, priority) in names)
        {
            Server.Serve($"/{name}", [1]);
            jobs.Add(await Harness.DownloadAsync(Server.Url($"/{name}"), Harness.Out(name), new TransferRequest { Options = new() { Priority = priority } }));
        }

        // Runners reach the queue asynchronously; release the slot only once all four wait in it.
        var deadline = DateTime.UtcNow + EngineHarness.WaitTimeout;
        while (Engine.WaitingForSlot < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Engine.WaitingForSlot} jobs reached the queue");
            await Task.Delay(10);
        }

        gate.Release();
        foreach (var job in jobs)
        {
            await Harness.WaitTransferredAsync(job.Id);
        }

        var order = Server.AllRequests.Select(r => r.Path).Where(p => p != "/blocker.bin").ToList();
        Assert.Equal(["/high", "/normal", "/low1", "/low2"], order);
        Assert.Equal(TransferState.Transferred, Engine.Get(blocker.Id).State);
    }
}
