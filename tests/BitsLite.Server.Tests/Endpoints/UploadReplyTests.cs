using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class UploadReplyTests
{
    [Fact]
    public async Task TheLastFragmentsAck_NamesAReplyUrl_WhoseGetReturnsTheFactorysReply()
    {
        UploadedFile? seen = null;
        await using var server = await UploadTestServer.StartAsync(options => options.ReplyFactory = async (file, cancellationToken) =>
        {
            seen = file;
            var bytes = await File.ReadAllBytesAsync(file.Path, cancellationToken);
            return UploadReply.FromText($"{file.Name}: {bytes.Length} bytes, SHA-256 {BitsUpload.Sha256(bytes)}");
        });
        var url = server.Url("question.bin");
        var file = BitsUpload.RandomBytes(50_000, seed: 12);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using (var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 29_999)))
        {
            first.AssertAck(HttpStatusCode.OK);
            Assert.Null(first.Header("BITS-Reply-URL"));
        }

        using var last = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 30_000, 49_999));
        last.AssertAck(HttpStatusCode.OK);
        var replyUrl = last.Header("BITS-Reply-URL");
        Assert.NotNull(replyUrl);
        Assert.StartsWith(server.Client.BaseAddress!.ToString(), replyUrl, StringComparison.Ordinal);

        using (var reply = await server.Client.GetAsync(replyUrl))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", reply.Content.Headers.ContentType?.ToString());
            Assert.Equal($"question.bin: 50000 bytes, SHA-256 {BitsUpload.Sha256(file)}", await reply.Content.ReadAsStringAsync());
        }

        Assert.Equal(new UploadedFile("question.bin", Path.Join(server.SessionPath(sessionId), "data"), 50_000, UploadMethod.Bits), seen);
        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "question.bin")));
        using var afterClose = await server.Client.GetAsync(replyUrl);
        Assert.Equal(HttpStatusCode.NotFound, afterClose.StatusCode);
    }

    [Fact]
    public async Task AFailingReplyFactory_GivesA5xxInTheRemoteApplicationContext_AndTheRetrySucceeds()
    {
        var calls = 0;
        await using var server = await UploadTestServer.StartAsync(options => options.ReplyFactory = (_, _) =>
            ++calls == 1
                ? throw new InvalidOperationException("the application is not ready")
                : Task.FromResult(new UploadReply(new byte[] { 42 })));
        var url = server.Url("retry.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using (var failed = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[10], 0, 9)))
        {
            failed.AssertError(HttpStatusCode.InternalServerError, "0x80004005", context: "0x7");
        }

        using var retried = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[10], 0, 9));
        retried.AssertAck(HttpStatusCode.OK);
        Assert.Equal(10, retried.ReceivedContentRange());
        var reply = await server.Client.GetByteArrayAsync(retried.Header("BITS-Reply-URL"));
        Assert.Equal([42], reply);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task WithoutAReplyFactory_NoAckNamesAReplyUrl()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("plain.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using var last = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[10], 0, 9));

        last.AssertAck(HttpStatusCode.OK);
        Assert.Null(last.Header("BITS-Reply-URL"));
    }

    [Fact]
    public async Task AReplyUrlOfAnUnknownSession_IsNotFound()
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.GetAsync(server.Url("BITS-Replies/" + Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
