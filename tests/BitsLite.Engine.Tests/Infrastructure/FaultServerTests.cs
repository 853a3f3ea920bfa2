using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Infrastructure;

public sealed class FaultServerTests : IAsyncLifetime
{
    private const string Path = "/a.bin";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FullGet_ServesWholeContentWithStrongValidators()
    {
        var content = Content(10_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Equal(ExpectedETag(content), response.Headers.ETag.Tag);
        Assert.NotNull(response.Content.Headers.LastModified);

        var recorded = Assert.Single(_server.RequestsFor(Path));
        Assert.Equal("GET", recorded.Method);
        Assert.Equal(Path, recorded.Path);
        Assert.Equal(200, recorded.StatusCode);
        Assert.Equal(HostOf(_server.BaseUri), recorded.Host);
        Assert.Null(recorded.Range);
        Assert.Null(recorded.IfRange);
        Assert.Null(recorded.Authorization);
        Assert.Equal($"http://127.0.0.1:{_server.BaseUri.Port}/", _server.BaseUri.ToString());
        Assert.Equal(new Uri(_server.BaseUri, "a.bin"), _server.Url(Path));
    }

    [Fact]
    public async Task Head_SendsHeadersWithoutBody()
    {
        var content = Content(5_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path, method: HttpMethod.Head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(ExpectedETag(content), response.Headers.ETag?.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("HEAD", Assert.Single(_server.RequestsFor(Path)).Method);
    }

    [Theory]
    [InlineData("bytes=100-", 100, 9_999)]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=-50", 9_950, 9_999)]
    [InlineData("bytes=9990-20000", 9_990, 9_999)]
    public async Task RangedGet_ReturnsPartialContent(string range, long from, long to)
    {
        var content = Content(10_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path, r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var contentRange = response.Content.Headers.ContentRange;
        Assert.NotNull(contentRange);
        Assert.Equal(from, contentRange.From);
        Assert.Equal(to, contentRange.To);
        Assert.Equal(content.Length, contentRange.Length);
        Assert.Equal(content[(int)from..(int)(to + 1)], await response.Content.ReadAsByteArrayAsync());
        var recorded = Assert.Single(_server.RequestsFor(Path));
        Assert.Equal(range, recorded.Range);
        Assert.Equal(206, recorded.StatusCode);
    }

    [Fact]
    public async Task IfRange_MatchingETagOrDate_HonoursRange()
    {
        var content = Content(10_000);
        _server.Serve(Path, content);
        using var head = await SendAsync(Path, method: HttpMethod.Head);
        var etag = head.Headers.ETag!.Tag;
        var lastModified = head.Content.Headers.LastModified!.Value.ToString("r", CultureInfo.InvariantCulture);

        foreach (var validator in new[] { etag, lastModified })
        {
            using var response = await SendAsync(Path, r =>
            {
                r.Headers.TryAddWithoutValidation("Range", "bytes=4000-");
                r.Headers.TryAddWithoutValidation("If-Range", validator);
            });

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(content[4000..], await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal([etag, lastModified], _server.RequestsFor(Path).Skip(1).Select(r => r.IfRange));
    }

    [Theory]
    [InlineData("\"0000000000000000\"")]
    [InlineData("W/\"0000000000000000\"")]
    [InlineData("Mon, 01 Jan 2001 00:00:00 GMT")]
    [InlineData("not a validator")]
    public async Task IfRange_NotMatching_ServesWholeContent(string validator)
    {
        var content = Content(10_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path, r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=4000-");
            r.Headers.TryAddWithoutValidation("If-Range", validator);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfRange_WeakETagOfCurrentContent_DoesNotMatch()
    {
        var content = Content(1_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path, r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=10-");
            r.Headers.TryAddWithoutValidation("If-Range", "W/" + ExpectedETag(content));
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("bytes=10000-")]
    [InlineData("bytes=20000-30000")]
    [InlineData("bytes=-0")]
    public async Task UnsatisfiableRange_Returns416WithTotalLength(string range)
    {
        _server.Serve(Path, Content(10_000));

        using var response = await SendAsync(Path, r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */10000", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(416, Assert.Single(_server.RequestsFor(Path)).StatusCode);
    }

    [Theory]
    [InlineData("items=0-10")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=20-10")]
    [InlineData("bytes=abc-")]
    public async Task UnusableRange_IsIgnored(string range)
    {
        var content = Content(1_000);
        _server.Serve(Path, content);

        using var response = await SendAsync(Path, r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnknownPathAndOtherMethods_AreRejectedAndRecorded()
    {
        _server.Serve(Path, Content(10));

        using var missing = await SendAsync("/missing.bin");
        using var post = await SendAsync(Path, method: HttpMethod.Post);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(404, Assert.Single(_server.RequestsFor("/missing.bin")).StatusCode);
        Assert.Equal(405, Assert.Single(_server.RequestsFor(Path)).StatusCode);
    }

    [Fact]
    public async Task FailStatus_WithRetryAfter_ThenSucceeds()
    {
        var content = Content(1_000);
        _server.Serve(Path, content, new FaultPlan { FailStatus = 503, FailTimes = 2, RetryAfter = "1" });

        for (var i = 0; i < 2; i++)
        {
            using var failed = await SendAsync(Path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), failed.Headers.RetryAfter?.Delta);
        }

        using var response = await SendAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal([503, 503, 200], _server.RequestsFor(Path).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task FailStatus_WithoutFailTimes_FailsEveryRequest()
    {
        _server.Serve(Path, Content(10), new FaultPlan { FailStatus = 429 });

        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(Path, method: i == 1 ? HttpMethod.Head : HttpMethod.Get);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    [Fact]
    public async Task DropAfterBytes_ClientFailsAfterExactlyThoseBytes_ThenResumeSucceeds()
    {
        var content = Content(100_000);
        _server.Serve(Path, content, new FaultPlan { DropAfterBytes = 30_000 });

        using (var dropped = await SendAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
            Assert.Equal(content.Length, dropped.Content.Headers.ContentLength);
            var (body, error) = await ReadBodyAsync(dropped);
            Assert.IsAssignableFrom<IOException>(error);
            Assert.Equal(content[..30_000], body);
        }

        using var resumed = await SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(30_000, null));
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        var (rest, restError) = await ReadBodyAsync(resumed);
        Assert.Null(restError);
        Assert.Equal(content[30_000..], rest);
        Assert.Equal([200, 206], _server.RequestsFor(Path).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task DropTimes_CountsOnlyBodyResponsesNotFailures()
    {
        var content = Content(100_000);
        _server.Serve(Path, content, new FaultPlan { FailStatus = 500, FailTimes = 1, DropAfterBytes = 30_000, DropTimes = 2 });

        using (var failed = await SendAsync(Path))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        var received = new List<byte>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await SendAsync(Path, r =>
            {
                if (received.Count > 0)
                {
                    r.Headers.Range = new RangeHeaderValue(received.Count, null);
                }
            });
            var (body, error) = await ReadBodyAsync(response);
            received.AddRange(body);
            Assert.Equal(attempt < 2, error is IOException);
            Assert.Equal(attempt < 2 ? 30_000 * (attempt + 1) : content.Length, received.Count);
        }

        Assert.Equal(content, received);
    }

    [Fact]
    public async Task DropAfterBytes_OnChunkedResponse_FailsTheRead()
    {
        var content = Content(50_000);
        _server.Serve(Path, content, new FaultPlan { Chunked = true, DropAfterBytes = 10_000 });

        using var response = await SendAsync(Path);
        var (body, error) = await ReadBodyAsync(response);

        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(content[..10_000], body);
    }

    [Fact]
    public async Task IgnoreRange_AlwaysServesWholeContentWithoutAcceptRanges()
    {
        var content = Content(10_000);
        _server.Serve(Path, content, new FaultPlan { IgnoreRange = true });

        using var response = await SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(100, 199));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.AcceptRanges);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ChangeContentAfterRequests_ServesNewContentWithNewValidators()
    {
        var original = Content(10_000, seed: 1);
        var changed = Content(12_000, seed: 2);
        _server.Serve(Path, original, new FaultPlan { ChangeContentAfterRequests = 1, ChangedContent = changed });

        using var first = await SendAsync(Path);
        Assert.Equal(original, await first.Content.ReadAsByteArrayAsync());
        var oldETag = first.Headers.ETag!.Tag;

        using var second = await SendAsync(Path, r =>
        {
            r.Headers.Range = new RangeHeaderValue(5_000, null);
            r.Headers.TryAddWithoutValidation("If-Range", oldETag);
        });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(changed, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(ExpectedETag(changed), second.Headers.ETag?.Tag);
        Assert.NotEqual(oldETag, second.Headers.ETag?.Tag);
        Assert.NotEqual(first.Content.Headers.LastModified, second.Content.Headers.LastModified);

        using var third = await SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(5_000, null));
        Assert.Equal(HttpStatusCode.PartialContent, third.StatusCode);
        Assert.Equal(changed[5_000..], await third.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Chunked_SendsNoContentLength()
    {
        var content = Content(70_000);
        _server.Serve(Path, content, new FaultPlan { Chunked = true });

        using var response = await SendAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        var (body, error) = await ReadBodyAsync(response);
        Assert.Null(error);
        Assert.Equal(content, body);
    }

    [Fact]
    public async Task DeclaredLengthTooLong_ClientReadFailsAfterTheRealBody()
    {
        var content = Content(20_000);
        _server.Serve(Path, content, new FaultPlan { DeclaredLengthDelta = 100 });

        using var response = await SendAsync(Path);
        Assert.Equal(content.Length + 100, response.Content.Headers.ContentLength);
        var (body, error) = await ReadBodyAsync(response);

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(content, body);
    }

    [Fact]
    public async Task DeclaredLengthTooShort_SendsOnlyTheDeclaredBytes()
    {
        var content = Content(20_000);
        _server.Serve(Path, content, new FaultPlan { DeclaredLengthDelta = -100 });

        using var response = await SendAsync(Path);
        var (body, error) = await ReadBodyAsync(response);

        Assert.Equal(content.Length - 100, response.Content.Headers.ContentLength);
        Assert.Null(error);
        Assert.Equal(content[..^100], body);
    }

    [Fact]
    public async Task NoValidators_OmitsETagAndLastModified_AndIfRangeNeverMatches()
    {
        var content = Content(1_000);
        _server.Serve(Path, content, new FaultPlan { NoValidators = true });

        using var plain = await SendAsync(Path);
        Assert.Null(plain.Headers.ETag);
        Assert.Null(plain.Content.Headers.LastModified);

        using var conditional = await SendAsync(Path, r =>
        {
            r.Headers.Range = new RangeHeaderValue(10, null);
            r.Headers.TryAddWithoutValidation("If-Range", ExpectedETag(content));
        });
        Assert.Equal(HttpStatusCode.OK, conditional.StatusCode);

        using var ranged = await SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(10, null));
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
    }

    [Fact]
    public async Task Redirect_AnswersWithLocation()
    {
        var content = Content(100);
        _server.Serve("/target.bin", content);
        _server.Serve(Path, content, new FaultPlan { RedirectTo = "/target.bin" });
        var absolute = _server.Url("/target.bin", alternateHost: true).ToString();
        _server.Serve("/moved.bin", content, new FaultPlan { RedirectTo = absolute, RedirectStatus = 307 });

        using var relative = await SendAsync(Path);
        using var other = await SendAsync("/moved.bin");

        Assert.Equal(HttpStatusCode.Found, relative.StatusCode);
        Assert.Equal("/target.bin", relative.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, other.StatusCode);
        Assert.Equal(new Uri(absolute), other.Headers.Location);
        Assert.Equal([302], _server.RequestsFor(Path).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RedirectToItself_MakesALoop()
    {
        _server.Serve("/loop", Content(10), new FaultPlan { RedirectTo = "/loop" });

        var target = new Uri(_server.BaseUri, "/loop");
        for (var hop = 0; hop < 5; hop++)
        {
            using var response = await _client.GetAsync(target);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            target = new Uri(target, response.Headers.Location!);
        }

        Assert.Equal(_server.Url("/loop"), target);
        Assert.Equal(5, _server.RequestsFor("/loop").Count);
    }

    [Fact]
    public async Task AlternateHost_ReachesTheSameServerUnderAnotherHostName()
    {
        var content = Content(1_000);
        _server.Serve(Path, content);
        var alternate = _server.Url(Path, alternateHost: true);

        using var first = await SendAsync(Path, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "secret"));
        using var request = new HttpRequestMessage(HttpMethod.Get, alternate);
        request.Headers.TryAddWithoutValidation("X-Probe", "1");
        using var second = await _client.SendAsync(request);

        Assert.Equal($"http://localhost:{_server.BaseUri.Port}/a.bin", alternate.ToString());
        Assert.Equal(content, await second.Content.ReadAsByteArrayAsync());
        var recorded = _server.RequestsFor(Path);
        Assert.Equal(2, recorded.Count);
        Assert.Equal(HostOf(_server.BaseUri), recorded[0].Host);
        Assert.Equal("Bearer secret", recorded[0].Authorization);
        Assert.Equal($"localhost:{_server.BaseUri.Port}", recorded[1].Host);
        Assert.Null(recorded[1].Authorization);
        Assert.Equal("1", recorded[1].Headers["x-probe"]);
    }

    [Fact]
    public async Task BytesPerSecond_PacesTheBody()
    {
        var content = Content(200 * 1024);
        _server.Serve(Path, content, new FaultPlan { BytesPerSecond = 1024 * 1024 });

        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(Path);
        var (body, error) = await ReadBodyAsync(response);
        clock.Stop();

        Assert.Null(error);
        Assert.Equal(content, body);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.15), $"took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Gate_HoldsTheFirstResponseUntilReleased()
    {
        var content = Content(100_000);
        var gate = new ResponseGate();
        _server.Serve(Path, content, new FaultPlan { PauseAfterBytes = 40_000, Gate = gate });

        var responseTask = SendAsync(Path);
        await gate.Reached.WaitAsync(WaitLimit);
        using var response = await responseTask.WaitAsync(WaitLimit);
        Assert.Equal(200, Assert.Single(_server.RequestsFor(Path)).StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var prefix = new byte[40_000];
        await stream.ReadExactlyAsync(prefix).AsTask().WaitAsync(WaitLimit);
        Assert.Equal(content[..40_000], prefix);

        var rest = new byte[60_000];
        var pending = stream.ReadAsync(rest).AsTask();
        Assert.False(pending.IsCompleted);

        gate.Release();
        var first = await pending.WaitAsync(WaitLimit);
        await stream.ReadExactlyAsync(rest.AsMemory(first)).AsTask().WaitAsync(WaitLimit);
        Assert.Equal(content[40_000..], rest);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));

        // Only the first body response is held.
        using var second = await SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(10, null));
        Assert.Equal(content[10..], await second.Content.ReadAsByteArrayAsync().WaitAsync(WaitLimit));
    }

    [Fact]
    public async Task Gate_Abort_EndsTheBodyPrematurely()
    {
        var content = Content(100_000);
        var gate = new ResponseGate();
        _server.Serve(Path, content, new FaultPlan { PauseAfterBytes = 25_000, Gate = gate });

        var responseTask = SendAsync(Path, r => r.Headers.Range = new RangeHeaderValue(1_000, null));
        await gate.Reached.WaitAsync(WaitLimit);
        using var response = await responseTask.WaitAsync(WaitLimit);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);

        gate.Abort();
        var (body, error) = await ReadBodyAsync(response).WaitAsync(WaitLimit);

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(content[1_000..26_000], body);
    }

    [Fact]
    public async Task Gate_HeadRequestsAreNotHeld()
    {
        var gate = new ResponseGate();
        _server.Serve(Path, Content(1_000), new FaultPlan { PauseAfterBytes = 0, Gate = gate });

        using var head = await SendAsync(Path, method: HttpMethod.Head).WaitAsync(WaitLimit);
        Assert.False(gate.Reached.IsCompleted);

        var get = SendAsync(Path);
        await gate.Reached.WaitAsync(WaitLimit);
        gate.Release();
        using var response = await get.WaitAsync(WaitLimit);
        Assert.Equal(1_000, (await response.Content.ReadAsByteArrayAsync().WaitAsync(WaitLimit)).Length);
    }

    [Fact]
    public async Task Serve_RedefiningResetsCountersAndValidators()
    {
        var content = Content(100);
        _server.Serve(Path, content, new FaultPlan { FailStatus = 503, FailTimes = 1 });
        using (var failed = await SendAsync(Path))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using var before = await SendAsync(Path);
        _server.Serve(Path, content, new FaultPlan { FailStatus = 503, FailTimes = 1 });
        using var failedAgain = await SendAsync(Path);
        using var after = await SendAsync(Path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failedAgain.StatusCode);
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(before.Content.Headers.LastModified, after.Content.Headers.LastModified);
        Assert.Equal([503, 200, 503, 200], _server.RequestsFor(Path).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task AllRequests_KeepsArrivalOrderAcrossPaths()
    {
        _server.Serve("/one", Content(10));
        _server.Serve("two", Content(10));

        using (await SendAsync("/one"))
        using (await SendAsync("/two"))
        using (await SendAsync("/three"))
        {
            Assert.Equal(["/one", "/two", "/three"], _server.AllRequests.Select(r => r.Path));
            Assert.Equal([200, 200, 404], _server.AllRequests.Select(r => r.StatusCode));
            Assert.Single(_server.RequestsFor("two"));
        }
    }

    [Fact]
    public void Serve_RejectsInconsistentPlans()
    {
        Assert.Throws<ArgumentException>(() => _server.Serve(Path, [], new FaultPlan { PauseAfterBytes = 1 }));
        Assert.Throws<ArgumentException>(() => _server.Serve(Path, [], new FaultPlan { ChangeContentAfterRequests = 1 }));
        Assert.Throws<ArgumentException>(() => _server.Serve(Path, [], new FaultPlan { FailStatus = 200 }));
        Assert.Throws<ArgumentException>(() => _server.Serve(Path, [], new FaultPlan { RedirectTo = "/x", RedirectStatus = 200 }));
        Assert.Throws<ArgumentException>(() => _server.Serve(Path, [], new FaultPlan { BytesPerSecond = 0 }));
    }

    private static byte[] Content(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string ExpectedETag(byte[] content) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";

    private static string HostOf(Uri uri) => $"{uri.Host}:{uri.Port}";

    private static async Task<(byte[] Body, Exception? Error)> ReadBodyAsync(HttpResponseMessage response)
    {
        var stream = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return (received.ToArray(), null);
        }
        catch (IOException ex)
        {
            return (received.ToArray(), ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        string path, Action<HttpRequestMessage>? configure = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, _server.Url(path));
        configure?.Invoke(request);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
