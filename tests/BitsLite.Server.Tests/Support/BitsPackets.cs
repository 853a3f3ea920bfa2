using System.Net.Http.Headers;

namespace BitsLite.Server.Tests.Support;

/// <summary>
/// Request packets written from Microsoft's "BITS Upload Protocol" pages, header for header: verb BITS_POST,
/// BITS-Packet-Type, and the headers each packet lists.
/// </summary>
internal static class BitsPackets
{
    public const string Upload15Protocol = "{7df0354d-249b-430f-820d-3d2a9bef4931}";

    public static readonly HttpMethod BitsPost = new("BITS_POST");

    public static HttpRequestMessage Ping(Uri url) => Packet(url, "Ping");

    public static HttpRequestMessage CreateSession(Uri url, string supportedProtocols = Upload15Protocol)
    {
        var request = Packet(url, "Create-Session");
        request.Headers.TryAddWithoutValidation("BITS-Supported-Protocols", supportedProtocols);
        return request;
    }

    /// <summary>A Fragment with bytes <paramref name="start"/> to <paramref name="end"/> (inclusive) of <paramref name="file"/>.</summary>
    public static HttpRequestMessage Fragment(Uri url, string sessionId, ReadOnlyMemory<byte> file, long start, long end, string? contentName = null)
    {
        var content = new ReadOnlyMemoryContent(file[(int)start..(int)(end + 1)]);
        content.Headers.ContentRange = new ContentRangeHeaderValue(start, end, file.Length);
        return Fragment(url, sessionId, content, contentName);
    }

    public static HttpRequestMessage Fragment(Uri url, string sessionId, HttpContent content, string? contentName = null)
    {
        var request = Packet(url, "Fragment");
        request.Headers.TryAddWithoutValidation("BITS-Session-Id", sessionId);
        if (contentName is not null)
        {
            request.Headers.TryAddWithoutValidation("Content-Name", contentName);
        }

        request.Content = content;
        return request;
    }

    public static HttpRequestMessage CloseSession(Uri url, string sessionId) => SessionPacket(url, "Close-Session", sessionId);

    public static HttpRequestMessage CancelSession(Uri url, string sessionId) => SessionPacket(url, "Cancel-Session", sessionId);

    public static HttpRequestMessage Packet(Uri url, string packetType)
    {
        var request = new HttpRequestMessage(BitsPost, url);
        request.Headers.TryAddWithoutValidation("BITS-Packet-Type", packetType);
        return request;
    }

    private static HttpRequestMessage SessionPacket(Uri url, string packetType, string sessionId)
    {
        var request = Packet(url, packetType);
        request.Headers.TryAddWithoutValidation("BITS-Session-Id", sessionId);
        return request;
    }
}
