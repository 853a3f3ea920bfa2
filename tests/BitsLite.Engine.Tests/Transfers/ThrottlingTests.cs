using System.Diagnostics;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Tests.Infrastructure;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class ThrottlingTests : IAsyncLifetime
{
    // Tolerance for a shared, noisy 2-core CI machine; bench/ measures accuracy properly (±5 % bar).
    private const double Tolerance = 0.25;

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
            BackgroundBandwidth = 1_000_000,
        });
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<double> TimedDownloadAsync(string name, int size, TransferRequest request)
    {
        _server.Serve("/" + name, EngineHarness.RandomBytes(size));
        var watch = Stopwatch.StartNew();
        var job = await _engine.DownloadAsync(_server.Url("/" + name), _engine.Out(name), request);
        await _engine.WaitTransferredAsync(job.Id);
        return watch.Elapsed.TotalSeconds;
    }

    [Fact]
    public async Task APerJobLimit_HoldsTheAverageRate()
    {
        var seconds = await TimedDownloadAsync("limited.bin", 1_000_000, new TransferRequest { Priority = TransferPriority.Foreground, MaxBandwidth = 500_000 });

        var rate = 1_000_000 / seconds;
        Assert.InRange(rate, 500_000 * (1 - Tolerance), 500_000 * (1 + Tolerance));
    }

    [Fact]
    public async Task TheBackgroundLimit_HoldsBackgroundJobs()
    {
        var seconds = await TimedDownloadAsync("background.bin", 1_500_000, new TransferRequest { Priority = TransferPriority.Low });

        var rate = 1_500_000 / seconds;
        Assert.InRange(rate, 1_000_000 * (1 - Tolerance), 1_000_000 * (1 + Tolerance));
    }

    [Fact]
    public async Task TwoBackgroundJobs_ShareTheLimit()
    {
        _server.Serve("/a.bin", EngineHarness.RandomBytes(750_000));
        _server.Serve("/b.bin", EngineHarness.RandomBytes(750_000));
        var watch = Stopwatch.StartNew();
        var a = await _engine.DownloadAsync(_server.Url("/a.bin"), _engine.Out("a.bin"));
        var b = await _engine.DownloadAsync(_server.Url("/b.bin"), _engine.Out("b.bin"));
        await _engine.WaitTransferredAsync(a.Id);
        await _engine.WaitTransferredAsync(b.Id);

        var rate = 1_500_000 / watch.Elapsed.TotalSeconds;
        Assert.InRange(rate, 1_000_000 * (1 - Tolerance), 1_000_000 * (1 + Tolerance));
    }

    [Fact]
    public async Task ForegroundJobs_AreNotHeldByTheBackgroundLimit()
    {
        var seconds = await TimedDownloadAsync("foreground.bin", 4_000_000, new TransferRequest { Priority = TransferPriority.Foreground });

        // At the 1 MB/s background limit this would take 4 s.
        Assert.True(seconds < 2, $"took {seconds:0.00} s");
    }

    [Fact]
    public async Task ChangingTheLimit_AppliesToARunningTransfer()
    {
        _server.Serve("/change.bin", EngineHarness.RandomBytes(3_000_000));
        _engine.Engine.BackgroundBandwidth = 200_000;
        var job = await _engine.DownloadAsync(_server.Url("/change.bin"), _engine.Out("change.bin"), new TransferRequest { Priority = TransferPriority.Normal });
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred > 0, "first bytes");

        _engine.Engine.BackgroundBandwidth = null;
        var watch = Stopwatch.StartNew();
        await _engine.WaitTransferredAsync(job.Id);

        // 3 MB at 200 kB/s would need 15 s.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed.TotalSeconds:0.00} s");
    }
}
