using System.Diagnostics;
using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// Quick reconnects in the real host at its default settings: a lost connection is taken up again at once, not after
/// the job's RetryInterval (600 s unless set), and a download that keeps failing still meets that interval, as in BITS.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class QuickReconnectHostTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ADownloadThatLosesItsConnectionTwice_ResumesWithoutWaitingItsRetryInterval()
    {
        var content = RandomNumberGenerator.GetBytes(4_000_000);
        _server.Serve("/twice.bin", content, new FaultPlan { DropAfterBytes = 1_000_000, DropTimes = 2, DropWithReset = true });

        // bitslite transfer with the default RetryInterval of 600 s: CliProcess gives it 30 s.
        var transfer = await CliProcess.RunAsync(_env, ["transfer", _server.Url("/twice.bin").AbsoluteUri, _env.Out("twice.bin")]);

        Assert.True(transfer.ExitCode == 0, transfer.Errors);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await File.ReadAllBytesAsync(_env.Out("twice.bin"))));
        var requests = _server.RequestsFor("/twice.bin");
        Assert.Equal(3, requests.Count);
        Assert.All(requests.Skip(1), r => Assert.NotNull(r.Range));
        var log = await File.ReadAllLinesAsync(_env.Paths.LogFile);
        var reconnects = log.Where(l => l.Contains("Reconnecting", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reconnects.Count);
        Assert.Contains("INFO ", reconnects[0], StringComparison.Ordinal);
        Assert.Contains("Reconnecting at once (quick reconnect 1 of at most 4 within 10 s)", reconnects[0], StringComparison.Ordinal);
        Assert.DoesNotContain(log, l => l.Contains("is TransientError", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADownloadThatKeepsFailing_FallsBackToItsRetryInterval_AfterFourQuickReconnects()
    {
        // Every answer breaks after 64 KiB more: progress each time, so only the outage's bounds stop the quick reconnects.
        _server.Serve("/flaky.bin", RandomNumberGenerator.GetBytes(4_000_000), new FaultPlan { DropAfterBytes = 65_536, DropTimes = int.MaxValue });
        var retryInterval = TimeSpan.FromSeconds(5);
        await using var client = await _env.ConnectAsync();
        var job = await client.CreateAsync(new TransferRequest
        {
            Files = [new(_server.Url("/flaky.bin").AbsoluteUri, _env.Out("flaky.bin"))],
            Options = new TransferOptionsPatch { RetryInterval = retryInterval },
        });

        var waiting = await client.WaitAsync(job.Id, until: t => t.State is TransferState.TransientError or TransferState.Error or TransferState.Transferred);
        var waitStarted = Stopwatch.StartNew();

        Assert.Equal(TransferState.TransientError, waiting.State);
        Assert.Equal(5, _server.RequestsFor("/flaky.bin").Count);
        Assert.Equal(5, waiting.ErrorCount);
        Assert.Equal(5 * 65_536, waiting.BytesTransferred);
        var log = await File.ReadAllTextAsync(_env.Paths.LogFile);
        Assert.Equal(4, log.Split("Reconnecting").Length - 1);

        // The next attempt comes after the job's RetryInterval; by then the server has seen at most its first request.
        var next = await client.WaitAsync(job.Id, until: t => t.State != TransferState.TransientError);
        var waited = waitStarted.Elapsed;
        Assert.True(waited >= retryInterval - TimeSpan.FromMilliseconds(500), $"retried after {waited.TotalSeconds:0.0} s");
        Assert.InRange(_server.RequestsFor("/flaky.bin").Count, 5, 6);
        Assert.True(next.State is TransferState.Queued or TransferState.Connecting, $"went from TransientError to {next.State}");
        await client.CancelAsync(job.Id);
    }
}
