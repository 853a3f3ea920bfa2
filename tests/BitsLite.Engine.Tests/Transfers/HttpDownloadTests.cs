using System.Net;
using BitsLite.Testing.FaultServing;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class HttpDownloadTests : TransferTestBase
{

    [Fact]
    public async Task SeveralFiles_ArriveInTemporaryFiles_AndAppearOnlyOnComplete()
    {
        var one = EngineHarness.RandomBytes(300_000);
        var two = EngineHarness.RandomBytes(5_000);
        Server.Serve("/one.bin", one);
        Server.Serve("/two.bin", two);
        var request = new TransferRequest
        {
            Files = [new(Server.Url("/one.bin").AbsoluteUri, Harness.Out("one.bin")), new(Server.Url("/two.bin").AbsoluteUri, Harness.Out("two.bin"))],
            Options = new() { DisplayName = "pair" },
        };

        var job = await Engine.CreateAsync(request);
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(2, done.FilesTransferred);
        Assert.Equal(305_000, done.BytesTotal);
        Assert.Equal(305_000, done.BytesTransferred);
        Assert.Equal(100, done.PercentComplete);
        Assert.False(File.Exists(Harness.Out("one.bin")));
        var temporary = Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part");
        Assert.Equal(2, temporary.Length);

        var completed = await Engine.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Acknowledged, completed.State);
        Assert.Equal(EngineHarness.Sha256(one), EngineHarness.Sha256(Harness.Out("one.bin")));
        Assert.Equal(EngineHarness.Sha256(two), EngineHarness.Sha256(Harness.Out("two.bin")));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task ADroppedConnection_ResumesWithRangeAndIfRange_AndEndsByteIdentical()
    {
        var content = EngineHarness.RandomBytes(400_000);
        Server.Serve("/drop.bin", content, new FaultPlan { DropAfterBytes = 150_000, DropTimes = 2 });

        var job = await Harness.DownloadAsync(Server.Url("/drop.bin"), Harness.Out("drop.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("drop.bin")));
        Assert.True(done.ErrorCount >= 2);
        var requests = Server.RequestsFor("/drop.bin");
        Assert.Equal(3, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Equal("bytes=150000-", requests[1].Range);
        Assert.NotNull(requests[1].IfRange);
        Assert.Equal("bytes=300000-", requests[2].Range);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(408)]
    public async Task TransientStatuses_AreRetried_HonouringRetryAfter(int status)
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/busy.bin", content, new FaultPlan { FailStatus = status, FailTimes = 1, RetryAfter = "1" });
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/busy.bin"), Harness.Out("busy.bin"), new TransferRequest { Options = new() { RetryInterval = TimeSpan.FromMilliseconds(50) } });
        var transient = await Harness.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Transferred);
        Assert.Equal(TransferState.TransientError, transient.State);
        Assert.Equal(status, transient.Error!.HttpStatus);
        Assert.True(transient.Error.IsTransient);
        Assert.Equal(TransferErrorContext.RemoteFile, transient.Error.Context);
        var failedAt = DateTime.UtcNow;

        var done = await Harness.WaitTransferredAsync(job.Id);

        // Retry-After: 1 wins over the 50 ms retry interval.
        Assert.True(DateTime.UtcNow - failedAt >= TimeSpan.FromMilliseconds(900), "retried before Retry-After");
        Assert.Equal(1, done.ErrorCount);
        Assert.Null(done.Error);
        Assert.Equal(2, Server.RequestsFor("/busy.bin").Count);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task OtherClientErrors_AreFatal_AndNotRetried(int status)
    {
        Server.Serve("/missing.bin", [1, 2, 3], new FaultPlan { FailStatus = status });

        var job = await Harness.DownloadAsync(Server.Url("/missing.bin"), Harness.Out("missing.bin"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(status, failed.Error!.HttpStatus);
        Assert.False(failed.Error.IsTransient);
        Assert.Equal(TransferErrorContext.RemoteFile, failed.Error.Context);
        Assert.Equal(Server.Url("/missing.bin").AbsoluteUri, failed.Error.Source);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Error.Description, StringComparison.Ordinal);
        Assert.Single(Server.RequestsFor("/missing.bin"));
    }

    [Fact]
    public async Task AServerThatIgnoresRange_RestartsTheFileFromZero()
    {
        var content = EngineHarness.RandomBytes(300_000);
        Server.Serve("/norange.bin", content, new FaultPlan { IgnoreRange = true, DropAfterBytes = 100_000, DropTimes = 1 });

        var job = await Harness.DownloadAsync(Server.Url("/norange.bin"), Harness.Out("norange.bin"));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("norange.bin")));
        var requests = Server.RequestsFor("/norange.bin");
        Assert.Equal(2, requests.Count);
        Assert.Equal("bytes=100000-", requests[1].Range);
        Assert.Equal(200, requests[1].StatusCode);
    }

    [Fact]
    public async Task ContentThatChangedBetweenAttempts_RestartsFromZero_WithTheNewContent()
    {
        var original = EngineHarness.RandomBytes(300_000);
        var changed = EngineHarness.RandomBytes(250_000);
        Server.Serve("/changing.bin", original, new FaultPlan { DropAfterBytes = 120_000, DropTimes = 1, ChangeContentAfterRequests = 1, ChangedContent = changed });

        var job = await Harness.DownloadAsync(Server.Url("/changing.bin"), Harness.Out("changing.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(250_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(changed), EngineHarness.Sha256(Harness.Out("changing.bin")));
        var requests = Server.RequestsFor("/changing.bin");
        Assert.Equal("bytes=120000-", requests[1].Range);
        Assert.Equal(200, requests[1].StatusCode);
    }

    [Fact]
    public async Task WithoutValidators_AResumeStartsOver_RatherThanRiskSplicing()
    {
        var content = EngineHarness.RandomBytes(200_000);
        Server.Serve("/novalidator.bin", content, new FaultPlan { NoValidators = true, DropAfterBytes = 90_000, DropTimes = 1 });

        var job = await Harness.DownloadAsync(Server.Url("/novalidator.bin"), Harness.Out("novalidator.bin"));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("novalidator.bin")));
        Assert.All(Server.RequestsFor("/novalidator.bin"), r => Assert.Null(r.Range));
    }

    [Fact]
    public async Task ChunkedResponses_WithoutContentLength_AreSupported()
    {
        var content = EngineHarness.RandomBytes(333_333);
        Server.Serve("/chunked.bin", content, new FaultPlan { Chunked = true });

        var job = await Harness.DownloadAsync(Server.Url("/chunked.bin"), Harness.Out("chunked.bin"));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(333_333, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("chunked.bin")));
    }

    [Fact]
    public async Task AResponseShorterThanItsContentLength_IsTransient_AndNeverTransferred()
    {
        Server.Serve("/short.bin", EngineHarness.RandomBytes(50_000), new FaultPlan { DeclaredLengthDelta = 1000 });

        var job = await Harness.DownloadAsync(Server.Url("/short.bin"), Harness.Out("short.bin"), new TransferRequest { Options = new() { RetryTimeout = TimeSpan.FromSeconds(2) } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.True(failed.ErrorCount >= 2, "the short body should have been retried before giving up");
        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error!.Context);
        Assert.False(File.Exists(Harness.Out("short.bin")));
    }

    [Fact]
    public async Task ARedirectLoop_EndsInError_AfterTheRedirectLimit()
    {
        Server.Serve("/loop", [], new FaultPlan { RedirectTo = "/loop" });

        var job = await Harness.DownloadAsync(Server.Url("/loop"), Harness.Out("loop.bin"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Contains("redirected more than 10 times", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Equal(11, Server.RequestsFor("/loop").Count);
    }

    [Fact]
    public async Task Redirects_AreFollowed_AndCustomHeadersStayWithTheOriginalHost()
    {
        var content = EngineHarness.RandomBytes(20_000);
        Server.Serve("/asset", [], new FaultPlan { RedirectTo = Server.Url("/signed.bin", alternateHost: true).AbsoluteUri });
        Server.Serve("/signed.bin", content);
        Server.Serve("/same-host", [], new FaultPlan { RedirectTo = "/same.bin", RedirectStatus = 307 });
        Server.Serve("/same.bin", content);
        var headers = new TransferRequest { Options = new() { CustomHeaders = ["Authorization: Bearer secret", "Cookie: session=1", "X-Trace: 42"] } };

        var other = await Harness.DownloadAsync(Server.Url("/asset"), Harness.Out("asset.bin"), headers);
        var same = await Harness.DownloadAsync(Server.Url("/same-host"), Harness.Out("same.bin"), headers);
        await Harness.WaitTransferredAsync(other.Id);
        await Harness.WaitTransferredAsync(same.Id);
        await Engine.CompleteAsync(other.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("asset.bin")));
        Assert.Equal("Bearer secret", Assert.Single(Server.RequestsFor("/asset")).Authorization);
        var signed = Assert.Single(Server.RequestsFor("/signed.bin"));
        Assert.StartsWith("localhost:", signed.Host, StringComparison.Ordinal);
        Assert.Null(signed.Authorization);
        Assert.False(signed.Headers.ContainsKey("Cookie"));
        Assert.False(signed.Headers.ContainsKey("X-Trace"));
        var sameOrigin = Assert.Single(Server.RequestsFor("/same.bin"));
        Assert.Equal("Bearer secret", sameOrigin.Authorization);
        Assert.Equal("42", sameOrigin.Headers["X-Trace"]);
    }

    [Fact]
    public async Task ARedirectToAnotherPort_GetsNoneOfTheJobsCustomHeaders_NotEvenAnApiKey()
    {
        await using var other = await FaultServer.StartAsync();
        var content = EngineHarness.RandomBytes(20_000);
        Server.Serve("/asset", [], new FaultPlan { RedirectTo = other.Url("/signed.bin").AbsoluteUri });
        other.Serve("/signed.bin", content);
        var headers = new TransferRequest { Options = new() { CustomHeaders = ["X-Api-Key: k-123", "X-Trace: 42", "Authorization: Bearer secret"] } };

        var job = await Harness.DownloadAsync(Server.Url("/asset"), Harness.Out("asset.bin"), headers);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal("k-123", Assert.Single(Server.RequestsFor("/asset")).Headers["X-Api-Key"]);
        var redirected = Assert.Single(other.RequestsFor("/signed.bin"));
        Assert.DoesNotContain(redirected.Headers.Keys, h => h.ToUpperInvariant() is "X-API-KEY" or "X-TRACE" or "AUTHORIZATION");
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("asset.bin")));
    }

    [Fact]
    public async Task ARedirectToAnotherPort_GetsTheCustomHeaders_WhenTheJobAllowsIt_ButNeverAuthorizationOrCookie()
    {
        await using var other = await FaultServer.StartAsync();
        var content = EngineHarness.RandomBytes(20_000);
        Server.Serve("/asset", [], new FaultPlan { RedirectTo = other.Url("/signed.bin").AbsoluteUri });
        other.Serve("/signed.bin", content);
        var headers = new TransferRequest
        {
            Options = new()
            {
                CustomHeaders = ["X-Api-Key: k-123", "Authorization: Bearer secret", "Cookie: s=1", "Proxy-Authorization: Basic eDp5"],
                CustomHeadersToOtherOrigins = true,
            },
        };

        var job = await Harness.DownloadAsync(Server.Url("/asset"), Harness.Out("asset.bin"), headers);
        await Harness.WaitTransferredAsync(job.Id);

        var redirected = Assert.Single(other.RequestsFor("/signed.bin"));
        Assert.Equal("k-123", redirected.Headers["X-Api-Key"]);
        Assert.DoesNotContain(redirected.Headers.Keys, h => h.ToUpperInvariant() is "AUTHORIZATION" or "COOKIE" or "PROXY-AUTHORIZATION");
        Assert.True(Engine.Get(job.Id).Options.CustomHeadersToOtherOrigins);
    }

    [Fact]
    public async Task AStalledResponse_IsATransientError_AndTheJobResumes()
    {
        var content = EngineHarness.RandomBytes(200_000);
        var gate = new ResponseGate();
        Server.Serve("/stall.bin", content, new FaultPlan { PauseAfterBytes = 50_000, Gate = gate });
        // Without quick reconnects (QuickReconnectTests has those): the stall meets the job's own retry pipeline.
        await using var fast = await EngineHarness.StartAsync(o => o with { StallTimeout = TimeSpan.FromMilliseconds(500), QuickReconnect = QuickReconnectOptions.Off });

        var job = await fast.DownloadAsync(Server.Url("/stall.bin"), fast.Out("stall.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        var stalled = await fast.WaitForAsync(job.Id, TransferState.TransientError);
        gate.Abort();

        Assert.Contains("No data", stalled.Error!.Description, StringComparison.Ordinal);
        await fast.WaitTransferredAsync(job.Id);
        await fast.Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(fast.Out("stall.bin")));
        Assert.Equal("bytes=50000-", Server.RequestsFor("/stall.bin")[1].Range);
    }

    [Fact]
    public async Task ASlowButSteadyResponse_IsNotMistakenForAStall()
    {
        // 3 s of body against a 2 s stall timeout: only a timer that restarts with every read lets it through. (The
        // body comes in small slices; 2 s rather than 1 s leaves room for a busy machine's scheduling pauses.)
        var content = EngineHarness.RandomBytes(600_000);
        Server.Serve("/slow.bin", content, new FaultPlan { BytesPerSecond = 200_000 });
        await using var strict = await EngineHarness.StartAsync(o => o with { StallTimeout = TimeSpan.FromSeconds(2) });

        var job = await strict.DownloadAsync(Server.Url("/slow.bin"), strict.Out("slow.bin"));
        var done = await strict.WaitTransferredAsync(job.Id);
        await strict.Engine.CompleteAsync(job.Id);

        Assert.Equal(0, done.ErrorCount);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(strict.Out("slow.bin")));
    }

    [Fact]
    public async Task ConcurrentCallers_AllGetTheirJobs()
    {
        Server.Serve("/many.bin", EngineHarness.RandomBytes(2000));

        var jobs = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            Harness.DownloadAsync(Server.Url("/many.bin"), Harness.Out($"many-{i}.bin")))));
        foreach (var job in jobs)
        {
            await Harness.WaitTransferredAsync(job.Id);
        }

        Assert.Equal(24, jobs.Select(j => j.Id).Distinct().Count());
        Assert.Equal(24, Engine.List(new TransferQuery { States = [TransferState.Transferred] }).Count);
    }

    [Fact]
    public async Task ARefusedConnection_IsTransient_AndRetryTimeoutZeroMeansNoRetry()
    {
        var unused = new Uri("http://127.0.0.1:1/nothing.bin");

        var job = await Harness.DownloadAsync(unused, Harness.Out("refused.bin"), new TransferRequest { Options = new() { RetryTimeout = TimeSpan.Zero } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error!.Context);
        Assert.Equal(1, failed.ErrorCount);
    }

    [Fact]
    public async Task Events_TellTheStory_InOrder()
    {
        Server.Serve("/story.bin", EngineHarness.RandomBytes(1000));
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/story.bin"), Harness.Out("story.bin"));
        await Harness.WaitTransferredAsync(job.Id);

        var states = new List<TransferState>();
        while (events.Reader.TryRead(out var e))
        {
            if (e.Kind is TransferEventKind.Created or TransferEventKind.StateChanged && states.LastOrDefault(TransferState.Cancelled) != e.Transfer.State)
            {
                states.Add(e.Transfer.State);
            }
        }

        Assert.Equal([TransferState.Queued, TransferState.Connecting, TransferState.Transferring, TransferState.Transferred], states);
    }

    [Fact]
    public async Task HttpStatusOfTheFailure_IsKept_ForAServerError()
    {
        Server.Serve("/down.bin", [1], new FaultPlan { FailStatus = (int)HttpStatusCode.BadGateway });

        var job = await Harness.DownloadAsync(Server.Url("/down.bin"), Harness.Out("down.bin"), new TransferRequest { Options = new() { RetryTimeout = TimeSpan.FromSeconds(1.5) } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(502, failed.Error!.HttpStatus);
        Assert.True(failed.ErrorCount >= 2);
    }
}
