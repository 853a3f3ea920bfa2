using System.Collections.Concurrent;
using BitsLite.Engine.Tests.Support;
using BitsLite.Testing.FaultServing;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Throttling;

/// <summary>Which real transfers (engine, Kestrel fault server, loopback) run under the back-off, and what it does with their connections.</summary>
public class BackgroundBackoffTransferTests : TransferTestBase
{
    private const int Size = 3_000_000;

    private readonly ConcurrentDictionary<Guid, TransferBackoff> _started = new();

    private async Task<TransferInfo> DownloadAsync(string name, TransferPriority priority, FaultPlan? plan = null)
    {
        Engine.Throttle.BackoffStarted = (id, backoff) => _started[id] = backoff;
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/" + name, content, plan);
        var job = await Harness.DownloadAsync(Server.Url("/" + name), Harness.Out(name), new TransferRequest { Options = new() { Priority = priority } });
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out(name)));
        return job;
    }

    [Theory]
    [InlineData(TransferPriority.Foreground)]
    [InlineData(TransferPriority.High)]
    public async Task ForegroundAndHighJobs_AreNotHeldBack(TransferPriority priority)
    {
        var job = await DownloadAsync("fast.bin", priority);

        Assert.False(_started.ContainsKey(job.Id), $"a {priority} job ran under the back-off");
    }

    [Theory]
    [InlineData(TransferPriority.Normal)]
    [InlineData(TransferPriority.Low)]
    public async Task NormalAndLowJobs_BackOff_OnTheirOwnConnectionsRoundTrip(TransferPriority priority)
    {
        // A server sending 2 MB/s makes the transfer last long enough (1.5 s) for the kernel's estimate and the ramp.
        var job = await DownloadAsync("background.bin", priority, new FaultPlan { BytesPerSecond = 2_000_000 });

        if (!OperatingSystem.IsLinux())
        {
            // No TCP_INFO: the back-off stays off rather than guess.
            Assert.False(_started.ContainsKey(job.Id));
            return;
        }

        var backoff = Assert.Contains(job.Id, (IDictionary<Guid, TransferBackoff>)_started);
        Assert.True(backoff.IsOn, "the back-off found no round trip on its connection");
        Assert.NotNull(backoff.Controller.BaseDelay);
        Assert.InRange(backoff.Controller.BaseDelay.Value, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(100));
        Assert.InRange(backoff.ReceiveBuffer, TransferBackoff.MinReceiveBuffer, TransferBackoff.MaxReceiveBuffer);

        // An idle loopback path: the rate ramped far above where it started, towards what the server sends.
        Assert.True(backoff.Controller.Rate > 8 * LedbatRateController.DefaultInitialRate, $"rate {backoff.Controller.Rate:N0} B/s");
    }
}
