using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class ProtocolFlowTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(100_000, new[] { 4096 })]
    [InlineData(1_000_003, new[] { 65536, 1, 300_000, 7 })]
    [InlineData(5_000_000, new[] { 2_500_000 })]
    public async Task AFullUploadInFragmentsOfSeveralSizes_LandsByteForByte(int length, int[] sizes)
    {
        await using var server = await UploadTestServer.StartAsync();
        var file = BitsUpload.RandomBytes(length, seed: length);

        await BitsUpload.UploadAsync(server.Client, server.Url("data.bin"), file, sizes);

        Assert.Equal(["data.bin"], server.UploadedNames());
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "data.bin")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Fact]
    public async Task Ping_IsAcknowledgedWithAnEmptyAck()
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.Ping(server.Url("anything.bin")));

        response.AssertAck(HttpStatusCode.OK);
        Assert.Null(response.Header("BITS-Session-Id"));
    }

    [Fact]
    public async Task CreateSession_AnswersWithTheProtocol_ASessionId_AndIdentityEncoding()
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.CreateSession(
            server.Url("file.bin"), "{00000000-0000-0000-0000-000000000001} " + BitsPackets.Upload15Protocol));

        response.AssertAck(HttpStatusCode.OK);
        Assert.Equal(BitsPackets.Upload15Protocol, response.Header("BITS-Protocol"));
        Assert.Equal("Identity", response.Header("Accept-Encoding"));
        var sessionId = response.Header("BITS-Session-Id");
        Assert.NotNull(sessionId);
        Assert.True(sessionId.Length <= 100);
        Assert.True(Directory.Exists(server.SessionPath(sessionId)));
    }

    [Fact]
    public async Task CreateSession_WithoutTheBits15Protocol_IsRefusedWithEInvalidArg()
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.CreateSession(
            server.Url("file.bin"), "{00000000-0000-0000-0000-000000000001}"));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
        Assert.Null(response.Header("BITS-Protocol"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Theory]
    [InlineData("Ack")]
    [InlineData("Bogus")]
    [InlineData("")]
    public async Task AnUnexpectedPacket_IsAnsweredWith400(string packetType)
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.Packet(server.Url("file.bin"), packetType));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
    }

    [Fact]
    public async Task TheName_MayComeFromContentName_WhenTheUrlNamesNoFile()
    {
        await using var server = await UploadTestServer.StartAsync();
        var file = BitsUpload.RandomBytes(10_000, seed: 1);

        await BitsUpload.UploadAsync(server.Client, server.Url(), file, [3000], contentName: "from-header.bin");

        Assert.Equal(["from-header.bin"], server.UploadedNames());
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "from-header.bin")));
    }

    [Fact]
    public async Task TheUrlName_WinsOverTheClientsLocalContentName()
    {
        await using var server = await UploadTestServer.StartAsync();
        var file = BitsUpload.RandomBytes(100, seed: 2);

        await BitsUpload.UploadAsync(server.Client, server.Url("remote.bin"), file, [100], contentName: "local.bin");

        Assert.Equal(["remote.bin"], server.UploadedNames());
    }

    [Fact]
    public async Task APercentEncodedName_IsDecoded()
    {
        await using var server = await UploadTestServer.StartAsync();

        await BitsUpload.UploadAsync(server.Client, server.Url("my%20report%20%C3%A9.txt"), [1, 2, 3], [3]);

        Assert.Equal(["my report é.txt"], server.UploadedNames());
    }

    [Fact]
    public async Task AnEmptyFile_IsOneFragmentOfRangeStarSlashZero()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("empty.txt");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        var content = new ByteArrayContent([]);
        content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0);

        using (var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, content)))
        {
            fragment.AssertAck(HttpStatusCode.OK);
            Assert.Equal(0, fragment.ReceivedContentRange());
        }

        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(0, new FileInfo(Path.Join(server.UploadDirectory, "empty.txt")).Length);
    }

    [Fact]
    public async Task FragmentsSentToAnotherUrlThanTheSessions_DoNotFindIt()
    {
        await using var server = await UploadTestServer.StartAsync();
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, server.Url("one.bin"));

        using var response = await BitsUpload.SendFragmentAsync(server.Client, server.Url("other.bin"), sessionId, [1, 2, 3], 0, 3);

        response.AssertError(HttpStatusCode.InternalServerError, "0x8020001F");
    }
}
