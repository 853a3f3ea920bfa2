using System.Net;
using System.Net.Sockets;

namespace BitsLite.Server.Tests.Support;

/// <summary>
/// Clients that come from other loopback addresses (127.0.0.2, 127.0.0.3, ...: on Linux and Windows all of 127.0.0.0/8
/// is loopback; macOS needs an alias such as <c>ifconfig lo0 alias 127.0.0.2</c>), so that one test can play many
/// client machines.
/// </summary>
internal static class LoopbackClients
{
    /// <summary>The address of the <paramref name="index"/>th client: 127.0.0.{index + 2}.</summary>
    public static IPAddress Address(int index) => new([127, 0, 0, (byte)(index + 2)]);

    /// <summary>An HttpClient whose connections leave from <paramref name="local"/>.</summary>
    public static HttpClient From(IPAddress local, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
