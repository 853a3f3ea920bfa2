using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class LimitTests
{
    [Fact]
    public async Task AnUploadLargerThanTheMaximum_IsRefusedWithBgETooLarge_AndLeavesNothingOnDisk()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxUploadSize = 1000);
        var url = server.Url("huge.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[1001], 0, 99));

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, "0x80200020");
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        Assert.Empty(server.UploadedNames());
        using var next = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[1001], 100, 199));
        next.AssertError(HttpStatusCode.InternalServerError, "0x8020001F");
    }

    [Fact]
    public async Task WithDefaultOptions_ABitsUploadOfMoreThan4GiB_IsRefusedAtItsFirstFragment_WithBgETooLarge()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("huge.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        var content = new ByteArrayContent(new byte[100]);
        content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0, 99, (4L << 30) + 1);

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, content));

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, "0x80200020");
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        Assert.Single(server.Log.Warnings, w => w.Contains("4294967297 bytes is more than the maximum upload size, 4294967296", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithDefaultOptions_APutAnnouncingMoreThan4GiB_Gets413_BeforeAnyOfItsBodyIsSent()
    {
        await using var server = await UploadTestServer.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(server.Client.BaseAddress!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await connection.SendHeadAsync("PUT", server.Url("huge.iso"), $"Content-Length: {(4L << 30) + 1}");
        var response = await connection.ReadResponseHeadAsync(timeout.Token);

        Assert.Equal(413, response?.Status);
        Assert.Empty(server.UploadedNames());
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        Assert.Single(server.Log.Warnings, w => w.Contains("refused PUT for 'huge.iso'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUploadOfExactlyTheMaximum_IsAccepted()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxUploadSize = 1000);

        await BitsUpload.UploadAsync(server.Client, server.Url("fits.bin"), new byte[1000], [600]);

        Assert.Equal(["fits.bin"], server.UploadedNames());
    }
}
