using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Sessions;

public class SessionLifecycleTests
{
    private const string NotFound = "0x8020001F";

    [Theory]
    [InlineData("Fragment")]
    [InlineData("Close-Session")]
    [InlineData("Cancel-Session")]
    public async Task APacketForAnUnknownSession_GetsBgESessionNotFound(string packetType)
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("file.bin");
        const string Unknown = "{0f0e0d0c-0b0a-0908-0706-050403020100}";
        using var request = packetType switch
        {
            "Fragment" => BitsPackets.Fragment(url, Unknown, new byte[10], 0, 9),
            "Close-Session" => BitsPackets.CloseSession(url, Unknown),
            _ => BitsPackets.CancelSession(url, Unknown),
        };

        using var response = await server.Client.SendAsync(request);

        response.AssertError(HttpStatusCode.InternalServerError, NotFound);
        Assert.Equal(Unknown, response.Header("BITS-Session-Id"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("../../etc")]
    [InlineData("")]
    public async Task ASessionIdThatIsNotAGuid_IsSimplyNotFound(string sessionId)
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(server.Url("file.bin"), sessionId, new byte[10], 0, 9));

        response.AssertError(HttpStatusCode.InternalServerError, NotFound);
    }

    [Fact]
    public async Task CancelSession_RemovesTheSessionDirectory()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("cancelled.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[1000], 0, 499));
        Assert.True(Directory.Exists(server.SessionPath(sessionId)));

        using var cancel = await server.Client.SendAsync(BitsPackets.CancelSession(url, sessionId));

        cancel.AssertAck(HttpStatusCode.OK);
        Assert.Equal(sessionId, cancel.Header("BITS-Session-Id"));
        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
        Assert.Empty(server.UploadedNames());
        using var after = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[1000], 500, 999));
        after.AssertError(HttpStatusCode.InternalServerError, NotFound);
    }

    [Fact]
    public async Task CloseSessionBeforeEveryByteArrived_DeletesTheUpload()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("partial.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[1000], 0, 499));

        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));

        close.AssertAck(HttpStatusCode.OK);
        Assert.Empty(server.UploadedNames());
        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
    }

    [Fact]
    public async Task ARetriedCloseSessionWhoseAckWasLost_IsAcknowledgedAgain()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("twice.bin");
        var sessionId = await BitsUpload.UploadAsync(server.Client, url, [1, 2, 3], [3]);

        using var again = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));

        again.AssertAck(HttpStatusCode.OK);
        Assert.Equal(["twice.bin"], server.UploadedNames());
    }

    [Fact]
    public async Task ASession_SurvivesAServerRestart()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("restart.bin");
        var file = BitsUpload.RandomBytes(200_000, seed: 10);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using (var first = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 0, 119_999)))
        {
            first.AssertAck(HttpStatusCode.OK);
        }

        await server.RestartAsync();
        url = server.Url("restart.bin");

        using (var probe = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, 150_000, 199_999)))
        {
            probe.AssertAck(HttpStatusCode.RequestedRangeNotSatisfiable);
            Assert.Equal(120_000, probe.ReceivedContentRange());
        }

        using var last = await BitsUpload.SendRestAsync(server.Client, url, sessionId, file, 120_000, [50_000]);
        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "restart.bin")));
    }

    [Fact]
    public async Task ABrokenSessionDirectory_IsDeletedWhenTheServerStarts()
    {
        await using var server = await UploadTestServer.StartAsync();
        var broken = Path.Join(server.SessionDirectory, Guid.NewGuid().ToString("D"));
        var stray = Path.Join(server.SessionDirectory, "not-a-session");
        Directory.CreateDirectory(broken);
        Directory.CreateDirectory(stray);
        await File.WriteAllTextAsync(Path.Join(broken, "session.json"), "{ not json");

        await server.RestartAsync();

        Assert.False(Directory.Exists(broken));
        Assert.False(Directory.Exists(stray));
    }

    [Fact]
    public async Task AClient_MayNotOpenMoreSessionsThanAllowed()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxSessionsPerClient = 2);
        var url = server.Url("many.bin");
        var first = await BitsUpload.CreateSessionAsync(server.Client, url);
        await BitsUpload.CreateSessionAsync(server.Client, url);

        using (var third = await server.Client.SendAsync(BitsPackets.CreateSession(url)))
        {
            third.AssertError(HttpStatusCode.ServiceUnavailable, "0x80070045");
        }

        using var cancel = await server.Client.SendAsync(BitsPackets.CancelSession(url, first));
        await BitsUpload.CreateSessionAsync(server.Client, url);
    }
}
