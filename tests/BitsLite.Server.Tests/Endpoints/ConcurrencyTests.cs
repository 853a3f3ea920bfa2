using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class ConcurrencyTests
{
    [Fact]
    public async Task EightSessionsAtOnce_AllLandByteForByte()
    {
        await using var server = await UploadTestServer.StartAsync();
        var files = Enumerable.Range(0, 8).Select(i => BitsUpload.RandomBytes(200_000 + (i * 7919), seed: 100 + i)).ToArray();

        await Task.WhenAll(files.Select((file, i) =>
            BitsUpload.UploadAsync(server.Client, server.Url($"parallel-{i}.bin"), file, [16_384 + (i * 1000), 50_000])));

        for (var i = 0; i < files.Length; i++)
        {
            Assert.Equal(BitsUpload.Sha256(files[i]), BitsUpload.Sha256(Path.Join(server.UploadDirectory, $"parallel-{i}.bin")));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Fact]
    public async Task NoPartialFile_IsEverVisibleInTheUploadDirectory_WhileASessionIsOpen()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("hidden.bin");
        var file = BitsUpload.RandomBytes(100_000, seed: 14);
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        for (var start = 0; start < file.Length; start += 25_000)
        {
            using var fragment = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, file, start, start + 24_999));
            fragment.AssertAck(HttpStatusCode.OK);
            Assert.Empty(server.UploadedNames());
        }

        Assert.Equal(file.Length, new FileInfo(Path.Join(server.SessionPath(sessionId), "data")).Length);
        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        Assert.Equal(["hidden.bin"], server.UploadedNames());
    }

    [Fact]
    public async Task TwoSessionsForTheSameName_PlaceOneFile_AndRefuseTheOther()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("contested.bin");
        var first = await BitsUpload.CreateSessionAsync(server.Client, url);
        var second = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var a = await BitsUpload.SendRestAsync(server.Client, url, first, [1, 1, 1], 0, [3]);
        using var b = await BitsUpload.SendRestAsync(server.Client, url, second, [2, 2, 2], 0, [3]);

        var closes = await Task.WhenAll(
            server.Client.SendAsync(BitsPackets.CloseSession(url, first)),
            server.Client.SendAsync(BitsPackets.CloseSession(url, second)));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Forbidden],
            closes.Select(c => c.StatusCode).Order());
        var content = await File.ReadAllBytesAsync(Path.Join(server.UploadDirectory, "contested.bin"));
        Assert.True(content.SequenceEqual(new byte[] { 1, 1, 1 }) || content.SequenceEqual(new byte[] { 2, 2, 2 }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        foreach (var close in closes)
        {
            close.Dispose();
        }
    }
}
