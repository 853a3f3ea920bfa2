using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class LimitTests
{
    [Fact]
    public async Task An_upload_larger_than_the_maximum_is_refused_with_BG_E_TOO_LARGE_and_leaves_nothing_on_disk()
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
    public async Task An_upload_of_exactly_the_maximum_is_accepted()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxUploadSize = 1000);

        await BitsUpload.UploadAsync(server.Client, server.Url("fits.bin"), new byte[1000], [600]);

        Assert.Equal(["fits.bin"], server.UploadedNames());
    }
}
