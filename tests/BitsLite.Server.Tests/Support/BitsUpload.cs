using System.Net;
using System.Security.Cryptography;

namespace BitsLite.Server.Tests.Support;

/// <summary>A minimal BITS upload client for the tests, driven by the server's BITS-Received-Content-Range.</summary>
internal static class BitsUpload
{
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public static async Task<string> CreateSessionAsync(HttpClient client, Uri url)
    {
        using var response = await client.SendAsync(BitsPackets.CreateSession(url));
        response.AssertAck(HttpStatusCode.OK);
        return response.Header("BITS-Session-Id") ?? throw new Xunit.Sdk.XunitException("no BITS-Session-Id");
    }

    public static async Task<HttpResponseMessage> SendFragmentAsync(
        HttpClient client, Uri url, string sessionId, byte[] file, long start, long length, string? contentName = null)
    {
        var end = Math.Min(start + length, file.Length) - 1;
        return await client.SendAsync(BitsPackets.Fragment(url, sessionId, file, start, end, contentName));
    }

    /// <summary>Sends fragments from <paramref name="from"/> on, each starting where the last Ack said, sizes taken in turn.</summary>
    public static async Task<HttpResponseMessage> SendRestAsync(
        HttpClient client, Uri url, string sessionId, byte[] file, long from, IReadOnlyList<int> sizes, string? contentName = null)
    {
        var next = from;
        var turn = 0;
        while (true)
        {
            var response = await SendFragmentAsync(client, url, sessionId, file, next, sizes[turn++ % sizes.Count], next == 0 ? contentName : null);
            response.AssertAck(HttpStatusCode.OK);
            next = response.ReceivedContentRange();
            if (next == file.Length)
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>Ping, Create-Session, Fragments, Close-Session; returns the session id.</summary>
    public static async Task<string> UploadAsync(HttpClient client, Uri url, byte[] file, IReadOnlyList<int> sizes, string? contentName = null)
    {
        using (var ping = await client.SendAsync(BitsPackets.Ping(url)))
        {
            ping.AssertAck(HttpStatusCode.OK);
        }

        var sessionId = await CreateSessionAsync(client, url);
        using (var last = await SendRestAsync(client, url, sessionId, file, 0, sizes, contentName))
        {
            Assert.Equal(file.Length, last.ReceivedContentRange());
        }

        using var close = await client.SendAsync(BitsPackets.CloseSession(url, sessionId));
        close.AssertAck(HttpStatusCode.OK);
        Assert.Equal(sessionId, close.Header("BITS-Session-Id"));
        return sessionId;
    }
}
