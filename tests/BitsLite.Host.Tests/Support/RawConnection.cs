using System.Buffers.Binary;
using System.Net.Sockets;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Tests.Support;

/// <summary>Raw sockets to the real host, for requests no client of ours would send.</summary>
public static class RawConnection
{
    /// <summary>Connects to <paramref name="socketPath"/>, waiting while the listen backlog is full.</summary>
    public static async Task<NetworkStream> OpenAsync(string socketPath)
    {
        var deadline = DateTime.UtcNow + HostTestEnvironment.WaitTimeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TryAgain or SocketError.WouldBlock && DateTime.UtcNow < deadline)
            {
                // The listen backlog is full: we open connections faster than any client would. Let the host catch up.
                socket.Dispose();
                await Task.Delay(5);
            }
        }
    }

    /// <summary>Connects and says hello; returns the stream and the host's answer (a Welcome, or the refusal).</summary>
    public static async Task<(NetworkStream Stream, Message? Answer)> HelloAsync(string socketPath, string client = "raw-test")
    {
        var stream = await OpenAsync(socketPath);
        await FrameCodec.WriteAsync(stream, new Hello(ProtocolVersion.Current, client));
        return (stream, await FrameCodec.ReadAsync(stream));
    }

    /// <summary>Connects and says hello, expecting a Welcome.</summary>
    public static async Task<NetworkStream> OpenWelcomedAsync(string socketPath)
    {
        var (stream, answer) = await HelloAsync(socketPath);
        Assert.IsType<Welcome>(answer);
        return stream;
    }

    /// <summary>Writes <paramref name="body"/> as one frame, whatever it holds.</summary>
    public static async Task WriteFrameAsync(Stream stream, byte[] body)
    {
        await stream.WriteAsync(Header(body.Length));
        await stream.WriteAsync(body);
    }

    /// <summary>A frame header announcing <paramref name="length"/> bytes.</summary>
    public static byte[] Header(int length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        return header;
    }
}
