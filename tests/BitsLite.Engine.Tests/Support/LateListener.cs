using System.Net;
using System.Net.Sockets;

namespace BitsLite.Engine.Tests.Support;

/// <summary>
/// A loopback port that refuses connections (as a server that is down, or a network that is gone) until
/// <see cref="Open"/>, and from then on relays every connection to <c>target</c>.
/// </summary>
public sealed class LateListener : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private LateListener(int port, Uri target)
    {
        Port = port;
        _target = target;
    }

    public int Port { get; }

    /// <summary>Picks a free port and leaves it closed.</summary>
    public static LateListener Reserve(Uri target)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LateListener(port, target);
    }

    /// <summary><paramref name="path"/> at this port.</summary>
    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public void Open()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                await Task.WhenAny(down.CopyToAsync(up, _stop.Token), up.CopyToAsync(down, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The test is over, or one side closed.
            }
        }
    }
}
