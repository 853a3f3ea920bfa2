using System.Net;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Tests.Infrastructure;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class HttpDownloadTests : IAsyncLifetime
{
    private FaultServer _server = null!;
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _engine = await EngineHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SeveralFiles_ArriveInTemporaryFiles_AndAppearOnlyOnComplete()
    {
        var one = EngineHarness.RandomBytes(300_000);
        var two = EngineHarness.RandomBytes(5_000);
        _server.Serve("/one.bin", one);
        _server.Serve("/two.bin", two);
        var request = new TransferRequest
        {
            DisplayName = "pair",
            Files = [new(_server.Url("/one.bin").AbsoluteUri, _engine.Out("one.bin")), new(_server.Url("/two.bin").AbsoluteUri, _engine.Out("two.bin"))],
        };

        var job = await _engine.Engine.CreateAsync(request);
        var done = await _engine.WaitTransferredAsync(job.Id);

        Assert.Equal(2, done.FilesTransferred);
        Assert.Equal(305_000, done.BytesTotal);
        Assert.Equal(305_000, done.BytesTransferred);
        Assert.Equal(100, done.PercentComplete);
        Assert.False(File.Exists(_engine.Out("one.bin")));
        var temporary = Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part");
        Assert.Equal(2, temporary.Length);

        var completed = await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Acknowledged, completed.State);
        Assert.Equal(EngineHarness.Sha256(one), EngineHarness.Sha256(_engine.Out("one.bin")));
        Assert.Equal(EngineHarness.Sha256(two), EngineHarness.Sha256(_engine.Out("two.bin")));
        Assert.Empty(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task ADroppedConnection_ResumesWithRangeAndIfRange_AndEndsByteIdentical()
    {
        var content = EngineHarness.RandomBytes(400_000);
        _server.Serve("/drop.bin", content, new FaultPlan { DropAfterBytes = 150_000, DropTimes = 2 });

        var job = await _engine.DownloadAsync(_server.Url("/drop.bin"), _engine.Out("drop.bin"));
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("drop.bin")));
        Assert.True(done.ErrorCount >= 2);
        var requests = _server.RequestsFor("/drop.bin");
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
        _server.Serve("/busy.bin", content, new FaultPlan { FailStatus = status, FailTimes = 1, RetryAfter = "1" });
        using var events = _engine.Engine.Subscribe();

        var job = await _engine.DownloadAsync(_server.Url("/busy.bin"), _engine.Out("busy.bin"), new TransferRequest { RetryInterval = TimeSpan.FromMilliseconds(50) });
        var transient = await _engine.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Transferred);
        Assert.Equal(TransferState.TransientError, transient.State);
        Assert.Equal(status, transient.Error!.HttpStatus);
        Assert.True(transient.Error.IsTransient);
        Assert.Equal(TransferErrorContext.RemoteFile, transient.Error.Context);
        var failedAt = DateTime.UtcNow;

        var done = await _engine.WaitTransferredAsync(job.Id);

        // Retry-After: 1 wins over the 50 ms retry interval.
        Assert.True(DateTime.UtcNow - failedAt >= TimeSpan.FromMilliseconds(900), "retried before Retry-After");
        Assert.Equal(1, done.ErrorCount);
        Assert.Null(done.Error);
        Assert.Equal(2, _server.RequestsFor("/busy.bin").Count);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task OtherClientErrors_AreFatal_AndNotRetried(int status)
    {
        _server.Serve("/missing.bin", [1, 2, 3], new FaultPlan { FailStatus = status });

        var job = await _engine.DownloadAsync(_server.Url("/missing.bin"), _engine.Out("missing.bin"));
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(status, failed.Error!.HttpStatus);
        Assert.False(failed.Error.IsTransient);
        Assert.Equal(TransferErrorContext.RemoteFile, failed.Error.Context);
        Assert.Equal(_server.Url("/missing.bin").AbsoluteUri, failed.Error.Source);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Error.Description, StringComparison.Ordinal);
        Assert.Single(_server.RequestsFor("/missing.bin"));
    }

    [Fact]
    public async Task AServerThatIgnoresRange_RestartsTheFileFromZero()
    {
        var content = EngineHarness.RandomBytes(300_000);
        _server.Serve("/norange.bin", content, new FaultPlan { IgnoreRange = true, DropAfterBytes = 100_000, DropTimes = 1 });

        var job = await _engine.DownloadAsync(_server.Url("/norange.bin"), _engine.Out("norange.bin"));
        await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("norange.bin")));
        var requests = _server.RequestsFor("/norange.bin");
        Assert.Equal(2, requests.Count);
        Assert.Equal("bytes=100000-", requests[1].Range);
        Assert.Equal(200, requests[1].StatusCode);
    }

    [Fact]
    public async Task ContentThatChangedBetweenAttempts_RestartsFromZero_WithTheNewContent()
    {
        var original = EngineHarness.RandomBytes(300_000);
        var changed = EngineHarness.RandomBytes(250_000);
        _server.Serve("/changing.bin", original, new FaultPlan { DropAfterBytes = 120_000, DropTimes = 1, ChangeContentAfterRequests = 1, ChangedContent = changed });

        var job = await _engine.DownloadAsync(_server.Url("/changing.bin"), _engine.Out("changing.bin"));
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(250_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(changed), EngineHarness.Sha256(_engine.Out("changing.bin")));
        var requests = _server.RequestsFor("/changing.bin");
        Assert.Equal("bytes=120000-", requests[1].Range);
        Assert.Equal(200, requests[1].StatusCode);
    }

    [Fact]
    public async Task WithoutValidators_AResumeStartsOver_RatherThanRiskSplicing()
    {
        var content = EngineHarness.RandomBytes(200_000);
        _server.Serve("/novalidator.bin", content, new FaultPlan { NoValidators = true, DropAfterBytes = 90_000, DropTimes = 1 });

        var job = await _engine.DownloadAsync(_server.Url("/novalidator.bin"), _engine.Out("novalidator.bin"));
        await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("novalidator.bin")));
        Assert.All(_server.RequestsFor("/novalidator.bin"), r => Assert.Null(r.Range));
    }

    [Fact]
    public async Task ChunkedResponses_WithoutContentLength_AreSupported()
    {
        var content = EngineHarness.RandomBytes(333_333);
        _server.Serve("/chunked.bin", content, new FaultPlan { Chunked = true });

        var job = await _engine.DownloadAsync(_server.Url("/chunked.bin"), _engine.Out("chunked.bin"));
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(333_333, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("chunked.bin")));
    }

    [Fact]
    public async Task AResponseShorterThanItsContentLength_IsTransient_AndNeverTransferred()
    {
        _server.Serve("/short.bin", EngineHarness.RandomBytes(50_000), new FaultPlan { DeclaredLengthDelta = 1000 });

        var job = await _engine.DownloadAsync(_server.Url("/short.bin"), _engine.Out("short.bin"), new TransferRequest { RetryTimeout = TimeSpan.FromSeconds(1) });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.True(failed.ErrorCount >= 2, "the short body should have been retried before giving up");
        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error!.Context);
        Assert.False(File.Exists(_engine.Out("short.bin")));
    }

    [Fact]
    public async Task ARedirectLoop_EndsInError_AfterTheRedirectLimit()
    {
        _server.Serve("/loop", [], new FaultPlan { RedirectTo = "/loop" });

        var job = await _engine.DownloadAsync(_server.Url("/loop"), _engine.Out("loop.bin"));
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);

        Assert.Contains("redirected more than 10 times", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Equal(11, _server.RequestsFor("/loop").Count);
    }

    [Fact]
    public async Task Redirects_AreFollowed_AndCredentialsStayWithTheOriginalHost()
    {
        var content = EngineHarness.RandomBytes(20_000);
        _server.Serve("/asset", [], new FaultPlan { RedirectTo = _server.Url("/signed.bin", alternateHost: true).AbsoluteUri });
        _server.Serve("/signed.bin", content);
        _server.Serve("/same-host", [], new FaultPlan { RedirectTo = "/same.bin", RedirectStatus = 307 });
        _server.Serve("/same.bin", content);
        var headers = new TransferRequest { CustomHeaders = ["Authorization: Bearer secret", "Cookie: session=1", "X-Trace: 42"] };

        var other = await _engine.DownloadAsync(_server.Url("/asset"), _engine.Out("asset.bin"), headers);
        var same = await _engine.DownloadAsync(_server.Url("/same-host"), _engine.Out("same.bin"), headers);
        await _engine.WaitTransferredAsync(other.Id);
        await _engine.WaitTransferredAsync(same.Id);
        await _engine.Engine.CompleteAsync(other.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("asset.bin")));
        Assert.Equal("Bearer secret", Assert.Single(_server.RequestsFor("/asset")).Authorization);
        var signed = Assert.Single(_server.RequestsFor("/signed.bin"));
        Assert.StartsWith("localhost:", signed.Host, StringComparison.Ordinal);
        Assert.Null(signed.Authorization);
        Assert.False(signed.Headers.ContainsKey("Cookie"));
        Assert.Equal("42", signed.Headers["X-Trace"]);
        Assert.Equal("Bearer secret", Assert.Single(_server.RequestsFor("/same.bin")).Authorization);
    }

    [Fact]
    public async Task AStalledResponse_IsATransientError_AndTheJobResumes()
    {
        await _engine.CloseAsync();
        await _engine.OpenAsync();
        var content = EngineHarness.RandomBytes(200_000);
        var gate = new ResponseGate();
        _server.Serve("/stall.bin", content, new FaultPlan { PauseAfterBytes = 50_000, Gate = gate });
        await using var fast = await EngineHarness.StartAsync(o => new TransferEngineOptions
        {
            DatabasePath = o.DatabasePath,
            MinimumRetryInterval = o.MinimumRetryInterval,
            DefaultRetryInterval = o.DefaultRetryInterval,
            CheckpointInterval = o.CheckpointInterval,
            StallTimeout = TimeSpan.FromMilliseconds(500),
        });

        var job = await fast.DownloadAsync(_server.Url("/stall.bin"), fast.Out("stall.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        var stalled = await fast.WaitForAsync(job.Id, TransferState.TransientError);
        gate.Abort();

        Assert.Contains("No data", stalled.Error!.Description, StringComparison.Ordinal);
        await fast.WaitTransferredAsync(job.Id);
        await fast.Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(fast.Out("stall.bin")));
        Assert.Equal("bytes=50000-", _server.RequestsFor("/stall.bin")[1].Range);
    }

    [Fact]
    public async Task ARefusedConnection_IsTransient_AndRetryTimeoutZeroMeansNoRetry()
    {
        var unused = new Uri("http://127.0.0.1:1/nothing.bin");

        var job = await _engine.DownloadAsync(unused, _engine.Out("refused.bin"), new TransferRequest { RetryTimeout = TimeSpan.Zero });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error!.Context);
        Assert.Equal(1, failed.ErrorCount);
    }

    [Fact]
    public async Task Events_TellTheStory_InOrder()
    {
        _server.Serve("/story.bin", EngineHarness.RandomBytes(1000));
        using var events = _engine.Engine.Subscribe();

        var job = await _engine.DownloadAsync(_server.Url("/story.bin"), _engine.Out("story.bin"));
        await _engine.WaitTransferredAsync(job.Id);

        var states = new List<TransferState>();
        while (events.Reader.TryRead(out var e))
        {
            if (e.Kind is Events.TransferEventKind.Created or Events.TransferEventKind.StateChanged && states.LastOrDefault(TransferState.Cancelled) != e.Transfer.State)
            {
                states.Add(e.Transfer.State);
            }
        }

        Assert.Equal([TransferState.Queued, TransferState.Connecting, TransferState.Transferring, TransferState.Transferred], states);
    }

    [Fact]
    public async Task HttpStatusOfTheFailure_IsKept_ForAServerError()
    {
        _server.Serve("/down.bin", [1], new FaultPlan { FailStatus = (int)HttpStatusCode.BadGateway });

        var job = await _engine.DownloadAsync(_server.Url("/down.bin"), _engine.Out("down.bin"), new TransferRequest { RetryTimeout = TimeSpan.FromMilliseconds(300) });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(502, failed.Error!.HttpStatus);
        Assert.True(failed.ErrorCount >= 2);
    }
}
