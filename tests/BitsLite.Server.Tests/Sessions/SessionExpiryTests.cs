using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Sessions;

public class SessionExpiryTests
{
    [Fact]
    public async Task TheCleanUpTimer_DeletesSessionsIdleLongerThanTheTimeout()
    {
        await using var server = await UploadTestServer.StartAsync(options =>
        {
            options.SessionTimeout = TimeSpan.FromDays(14);
            options.CleanupInterval = TimeSpan.FromHours(1);
        });
        var url = server.Url("stale.bin");
        var stale = await BitsUpload.CreateSessionAsync(server.Client, url);
        using (var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, stale, new byte[100], 0, 49)))
        {
            fragment.AssertAck(HttpStatusCode.OK);
        }

        server.Time.Advance(TimeSpan.FromDays(10));
        var fresh = await BitsUpload.CreateSessionAsync(server.Client, url);
        server.Time.Advance(TimeSpan.FromDays(4) + TimeSpan.FromHours(2));

        Assert.False(Directory.Exists(server.SessionPath(stale)));
        Assert.True(Directory.Exists(server.SessionPath(fresh)));
    }

    [Fact]
    public async Task APacketForASessionThatExpired_FindsItDeleted()
    {
        await using var server = await UploadTestServer.StartAsync(options =>
        {
            options.SessionTimeout = TimeSpan.FromHours(1);
            options.CleanupInterval = TimeSpan.FromDays(1);
        });
        var url = server.Url("late.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        server.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(Directory.Exists(server.SessionPath(sessionId)));

        using var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[100], 0, 99));

        fragment.AssertError(HttpStatusCode.InternalServerError, "0x8020001F");
        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
    }

    [Fact]
    public async Task EveryPacket_RestartsTheIdleTime()
    {
        await using var server = await UploadTestServer.StartAsync(options =>
        {
            options.SessionTimeout = TimeSpan.FromHours(1);
            options.CleanupInterval = TimeSpan.FromMinutes(10);
        });
        var url = server.Url("busy.bin");
        var file = BitsUpload.RandomBytes(300, seed: 11);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        for (var start = 0; start < 300; start += 100)
        {
            server.Time.Advance(TimeSpan.FromMinutes(50));
            using var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, start, start + 99));
            fragment.AssertAck(HttpStatusCode.OK);
        }

        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(["busy.bin"], server.UploadedNames());
    }

    [Fact]
    public async Task ASessionLeftByAPreviousRun_ExpiresOnTheClockItWasLastUsedBy()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.SessionTimeout = TimeSpan.FromDays(14));
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, server.Url("old.bin"));
        server.Time.Advance(TimeSpan.FromDays(15));

        await server.RestartAsync();

        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
    }
}
