using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class Http2Tests
{
    [Fact]
    public async Task TheBitsProtocol_WorksOverHttp2Too()
    {
        await using var server = await UploadTestServer.StartAsync(http2: true);
        var file = BitsUpload.RandomBytes(300_000, seed: 15);

        await BitsUpload.UploadAsync(server.Client, server.Url("h2.bin"), file, [100_000]);

        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "h2.bin")));
    }

    [Fact]
    public async Task APut_WorksOverHttp2Too()
    {
        await using var server = await UploadTestServer.StartAsync(http2: true);

        using var response = await server.Client.PutAsync(server.Url("h2.txt"), new StringContent("over h2"));

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("over h2", await File.ReadAllTextAsync(Path.Join(server.UploadDirectory, "h2.txt")));
    }
}
