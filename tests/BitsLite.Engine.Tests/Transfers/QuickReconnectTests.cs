using System.Collections.Concurrent;
using BitsLite.Engine.Events;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Transfers;

/// <summary>
/// Quick reconnects in a real engine against the fault server. Jobs here wait an hour between retries, so a download
/// that finishes within the tests' 30 s never waited its RetryInterval; back-offs start at 50 ms to keep tests short, and
/// a Retry-After is floored at 5 s on the slow path, as in the host.
/// </summary>
public class QuickReconnectTests : TransferTestBase
{
    private readonly ConcurrentQueue<string> _log = new();

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        DefaultRetryInterval = TimeSpan.FromHours(1),
        MinimumRetryInterval = TimeSpan.FromSeconds(5),
        QuickReconnect = new QuickReconnectOptions { FirstDelay = TimeSpan.FromMilliseconds(50) },
        Log = (_, message) => _log.Enqueue(message),
    };

    private List<string> Reconnects => [.. _log.Where(m => m.Contains("Reconnecting", StringComparison.Ordinal))];

    [Fact]
    public async Task ADownloadThatLosesItsConnectionTwice_ReconnectsAtOnce_WithoutTransientError_AndCountsBothErrors()
    {
        var content = EngineHarness.RandomBytes(400_000);
        Server.Serve("/reset.bin", content, new FaultPlan { DropAfterBytes = 150_000, DropTimes = 2, DropWithReset = true });
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/reset.bin"), Harness.Out("reset.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("reset.bin")));
        Assert.Equal(2, done.ErrorCount);
        Assert.Null(done.Error);
        var requests = Server.RequestsFor("/reset.bin");
        Assert.Equal(3, requests.Count);
        Assert.All(requests.Skip(1), r => Assert.StartsWith("bytes=", r.Range, StringComparison.Ordinal));
        Assert.All(requests.Skip(1), r => Assert.NotNull(r.IfRange));

        // A watcher sees Transferring, then Connecting with the failure while it reconnects, then Transferring without it.
        var seen = StateChanges(events, job.Id);
        Assert.DoesNotContain(seen, t => t.State == TransferState.TransientError);
        var reconnecting = seen.Where(t => t.State == TransferState.Connecting && t.Error is not null).ToList();
        Assert.Equal(2, reconnecting.Count);
        Assert.All(reconnecting, t => Assert.True(t.Error!.IsTransient));
        Assert.All(reconnecting, t => Assert.Equal(TransferErrorContext.GeneralTransport, t.Error!.Context));
        Assert.Contains(seen, t => t.State == TransferState.Transferring && t.Error is null && t.ErrorCount == 2);
        Assert.Equal(2, Reconnects.Count);
        Assert.Contains("Reconnecting at once (quick reconnect 1 of at most 4 within 10 s)", Reconnects[0], StringComparison.Ordinal);
        Assert.Contains("quick reconnect 2 of at most 4", Reconnects[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyShorterThanAnnounced_ReconnectsAtOnce_AndResumesWhereItEnded()
    {
        var content = EngineHarness.RandomBytes(300_000);
        Server.Serve("/short.bin", content, new FaultPlan { DropAfterBytes = 100_000 });

        var job = await Harness.DownloadAsync(Server.Url("/short.bin"), Harness.Out("short.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("short.bin")));
        Assert.Equal(1, done.ErrorCount);
        Assert.Equal("bytes=100000-", Server.RequestsFor("/short.bin")[1].Range);
    }

    [Fact]
    public async Task ADownloadThatKeepsLosingItsConnection_FallsBackToTheRetryInterval_AfterItsQuickReconnects()
    {
        // Every answer breaks after 10,000 more bytes: progress each time, yet the outage's four reconnects are all it gets.
        Server.Serve("/flaky.bin", EngineHarness.RandomBytes(1_000_000), new FaultPlan { DropAfterBytes = 10_000, DropTimes = int.MaxValue });

        var job = await Harness.DownloadAsync(Server.Url("/flaky.bin"), Harness.Out("flaky.bin"));
        var waiting = await Harness.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Transferred, TransferState.Error);

        Assert.Equal(TransferState.TransientError, waiting.State);
        Assert.Equal(5, Server.RequestsFor("/flaky.bin").Count);
        Assert.Equal(5, waiting.ErrorCount);
        Assert.True(waiting.Error!.IsTransient);
        Assert.Equal(4, Reconnects.Count);
        Assert.Equal(50_000, waiting.BytesTransferred);
    }

    [Fact]
    public async Task AServersFirst503WithoutRetryAfter_IsRetriedAfterAShortBackOff_WithoutTransientError()
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/busy.bin", content, new FaultPlan { FailStatus = 503, FailTimes = 1 });
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/busy.bin"), Harness.Out("busy.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(1, done.ErrorCount);
        Assert.Equal(2, Server.RequestsFor("/busy.bin").Count);
        var seen = StateChanges(events, job.Id);
        Assert.DoesNotContain(seen, t => t.State == TransferState.TransientError);
        Assert.Contains(seen, t => t.State == TransferState.Connecting && t.Error?.HttpStatus == 503);
    }

    [Fact]
    public async Task AServerThatAnswers503Again_WaitsTheRetryInterval_AfterOneShortBackOff()
    {
        Server.Serve("/busier.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { FailStatus = 503, FailTimes = 2 });

        var job = await Harness.DownloadAsync(Server.Url("/busier.bin"), Harness.Out("busier.bin"));
        var waiting = await Harness.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Transferred);

        Assert.Equal(TransferState.TransientError, waiting.State);
        Assert.Equal(503, waiting.Error!.HttpStatus);
        Assert.Equal(2, Server.RequestsFor("/busier.bin").Count);
    }

    [Fact]
    public async Task A429WithARetryAfterThatFits_IsWaitedOutExactly_WithoutTransientError()
    {
        Server.Serve("/limited.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { FailStatus = 429, FailTimes = 1, RetryAfter = "1" });
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/limited.bin"), Harness.Out("limited.bin"));
        await Harness.WaitForAsync(job.Id, TransferState.Connecting);
        var askedAt = DateTime.UtcNow;
        await Harness.WaitTransferredAsync(job.Id);

        Assert.True(DateTime.UtcNow - askedAt >= TimeSpan.FromMilliseconds(900), "retried before the server's Retry-After");
        Assert.DoesNotContain(StateChanges(events, job.Id), t => t.State == TransferState.TransientError);
        Assert.Contains("Reconnecting in 1.0 s", Assert.Single(Reconnects), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryTimeoutZero_MeansNoQuickReconnectEither()
    {
        Server.Serve("/once.bin", EngineHarness.RandomBytes(300_000), new FaultPlan { DropAfterBytes = 100_000 });

        var job = await Harness.DownloadAsync(Server.Url("/once.bin"), Harness.Out("once.bin"), new TransferRequest { Options = new() { RetryTimeout = TimeSpan.Zero } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Equal(1, failed.ErrorCount);
        Assert.Single(Server.RequestsFor("/once.bin"));
        Assert.Empty(Reconnects);
    }

    [Fact]
    public async Task SuspendingAJobDuringAQuickBackOff_StopsIt_AndResumeCarriesOn()
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/later.bin", content, new FaultPlan { FailStatus = 503, FailTimes = 1, RetryAfter = "4" });

        var job = await Harness.DownloadAsync(Server.Url("/later.bin"), Harness.Out("later.bin"));
        await Harness.WaitUntilAsync(job.Id, t => t.State == TransferState.Connecting && t.Error is not null, "a quick back-off");
        var suspended = await Engine.SuspendAsync(job.Id);

        // Had the suspend waited for the back-off to end, the runner would have asked again first.
        Assert.Equal(TransferState.Suspended, suspended.State);
        Assert.Single(Server.RequestsFor("/later.bin"));
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("later.bin")));
    }

    [Fact]
    public async Task EachQuickReconnect_IsLogged_WithoutTheUrlsUserInformation()
    {
        Server.Serve("/private.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { FailStatus = 503, FailTimes = 1 });
        var url = new UriBuilder(Server.Url("/private.bin")) { UserName = "ann", Password = "s3cret-pw" }.Uri;

        var job = await Harness.DownloadAsync(url, Harness.Out("private.bin"));
        await Harness.WaitTransferredAsync(job.Id);

        var line = Assert.Single(Reconnects);
        Assert.Contains(job.Id.ToString(), line, StringComparison.Ordinal);
        Assert.Contains("503", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", line, StringComparison.Ordinal);
    }

    private static List<TransferInfo> StateChanges(TransferSubscription events, Guid id)
    {
        var seen = new List<TransferInfo>();
        while (events.Reader.TryRead(out var e))
        {
            if (e.Kind == TransferEventKind.StateChanged && e.Transfer.Id == id)
            {
                seen.Add(e.Transfer);
            }
        }

        return seen;
    }
}
