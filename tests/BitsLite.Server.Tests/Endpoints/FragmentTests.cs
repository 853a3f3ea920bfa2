using System.Net;
using System.Net.Http.Headers;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class FragmentTests
{
    [Fact]
    public async Task EachAck_NamesTheNextOffsetTheServerExpects()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("f.bin");
        var file = BitsUpload.RandomBytes(300, seed: 3);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 127));
        using var second = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 128, 212));

        first.AssertAck(HttpStatusCode.OK);
        Assert.Equal(128, first.ReceivedContentRange());
        Assert.Equal(213, second.ReceivedContentRange());
        Assert.Equal(sessionId, second.Header("BITS-Session-Id"));
    }

    [Fact]
    public async Task AnOverlappingFragment_KeepsOnlyItsNewBytes()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("overlap.bin");
        var file = BitsUpload.RandomBytes(200, seed: 4);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using (var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 100)))
        {
            Assert.Equal(101, first.ReceivedContentRange());
        }

        // Bytes 50 to 100 of this fragment differ from what was sent first: they must not replace it.
        var changed = (byte[])file.Clone();
        Array.Fill(changed, (byte)0xEE, 50, 51);
        using (var overlapping = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, changed, 50, 199)))
        {
            overlapping.AssertAck(HttpStatusCode.OK);
            Assert.Equal(200, overlapping.ReceivedContentRange());
        }

        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        Assert.Equal(file, await File.ReadAllBytesAsync(Path.Join(server.UploadDirectory, "overlap.bin")));
    }

    [Fact]
    public async Task AFragmentEntirelyReceivedBefore_ChangesNothing_AndSaysWhereToGoOn()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("again.bin");
        var file = BitsUpload.RandomBytes(100, seed: 5);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 59));

        using var repeated = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 10, 19));

        repeated.AssertAck(HttpStatusCode.OK);
        Assert.Equal(60, repeated.ReceivedContentRange());
    }

    [Fact]
    public async Task AGap_IsAnsweredWith416_AndTheRangeReceivedSoFar()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("gap.bin");
        var file = BitsUpload.RandomBytes(300, seed: 6);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 99));

        using var gap = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 150, 299));

        gap.AssertAck(HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Equal(100, gap.ReceivedContentRange());
        Assert.Equal(100, new FileInfo(Path.Join(server.SessionPath(sessionId), "data")).Length);
    }

    [Fact]
    public async Task AfterAnInterruptedFragment_TheClientAsksAgain_AndContinuesFromTheReceivedRange()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("resumed.bin");
        var file = BitsUpload.RandomBytes(3_000_000, seed: 7);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using (var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 999_999)))
        {
            Assert.Equal(1_000_000, first.ReceivedContentRange());
        }

        // The second fragment's connection dies after half of its body.
        var broken = new InterruptedContent(file.AsMemory(1_000_000, 1_000_000), breakAfter: 500_000);
        broken.Headers.ContentRange = new ContentRangeHeaderValue(1_000_000, 1_999_999, file.Length);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, broken)));

        // The client does not know what arrived: a fragment past its last Ack is refused with the server's offset.
        using var probe = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 2_000_000, 2_999_999));
        probe.AssertAck(HttpStatusCode.RequestedRangeNotSatisfiable);
        var received = probe.ReceivedContentRange();
        Assert.InRange(received, 1_000_000, 1_500_000);

        using var last = await BitsUpload.SendRestAsync(server.Client, url, sessionId, file, received, [700_000]);
        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "resumed.bin")));
    }

    [Fact]
    public async Task AFragmentWhoseTotalDiffersFromTheFirst_IsRefusedWithEInvalidArg()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("total.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[100], 0, 49));

        using var other = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[200], 50, 99));

        other.AssertError(HttpStatusCode.BadRequest, "0x80070057");
    }

    [Theory]
    [InlineData("bytes 0-9")]
    [InlineData("bytes 0-19/20")]
    [InlineData("0-9/20")]
    [InlineData(null)]
    public async Task AFragmentWhoseContentRangeDoesNotMatchItsBody_IsRefusedWithEInvalidArg(string? contentRange)
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("range.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        var content = new ByteArrayContent(new byte[10]);
        if (contentRange is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, content));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
    }

    [Fact]
    public async Task AFragmentWithACompressedBody_IsRefused_BecauseOnlyIdentityIsAccepted()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("gzip.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentRange = new ContentRangeHeaderValue(0, 9, 10);
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, content));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
    }

    [Fact]
    public async Task FragmentsLargerThanKestrelsDefaultBodyLimit_AreAccepted()
    {
        await using var server = await UploadTestServer.StartAsync();
        var file = BitsUpload.RandomBytes(40 * 1024 * 1024, seed: 8);

        await BitsUpload.UploadAsync(server.Client, server.Url("large.bin"), file, [file.Length]);

        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "large.bin")));
    }

    [Fact]
    public async Task AGapFragmentLargerThanKestrelsDefaultBodyLimit_StillGetsItsAck()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("big-gap.bin");
        var file = new byte[80 * 1024 * 1024];
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using var gap = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 1024, file.Length - 1));

        gap.AssertAck(HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Equal(0, gap.ReceivedContentRange());
    }

    [Fact]
    public async Task ConcurrentCopiesOfTheSameFragments_AreWrittenOnceEach_InOrder()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("racing.bin");
        var file = BitsUpload.RandomBytes(400_000, seed: 9);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        var sends = Enumerable.Range(0, 8).Select(i => server.Client.SendAsync(
            BitsPackets.Fragment(url, sessionId, file, (i % 4) * 100_000, ((i % 4) * 100_000) + 99_999)));
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.RequestedRangeNotSatisfiable }));
        var received = responses.Max(r => r.ReceivedContentRange());
        foreach (var response in responses)
        {
            response.Dispose();
        }

        using var last = received < file.Length
            ? await BitsUpload.SendRestAsync(server.Client, url, sessionId, file, received, [100_000])
            : null;
        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "racing.bin")));
    }

    /// <summary>A body that sends part of its bytes and then fails, as a dropped connection would.</summary>
    private sealed class InterruptedContent(ReadOnlyMemory<byte> bytes, int breakAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes[..breakAfter]);
            await stream.FlushAsync();
            throw new IOException("The connection broke.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
