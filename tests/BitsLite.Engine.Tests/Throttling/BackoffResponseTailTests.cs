using System.Net;
using System.Net.Sockets;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Tests.Throttling;

/// <summary>
/// The back-off holds reads back only while that can spare the path: the rest of a response that fits in the receive
/// window may be sent whatever the reader does, so it is read at once (a real loopback connection, the kernel's round trip).
/// </summary>
public class BackoffResponseTailTests
{
    [Fact]
    public async Task TheRestOfAResponse_ThatFitsInTheReceiveWindow_IsReadWithoutTheLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await listener.AcceptTcpClientAsync();
        var connection = ResponseConnection.Watch();
        ResponseConnection.Note(client.Client);
        var backoff = new TransferBackoff(connection, new BackgroundBackoffOptions(), TimeProvider.System);

        // Bytes flow until the kernel has a round-trip estimate and the limit holds.
        using var timeout = new CancellationTokenSource(EngineHarness.WaitTimeout);
        var sending = Task.Run(async () =>
        {
            var block = new byte[64 * 1024];
            while (!timeout.IsCancellationRequested)
            {
                await server.GetStream().WriteAsync(block, timeout.Token);
            }
        });
        var buffer = new byte[64 * 1024];
        while (backoff.Limit is null)
        {
            Assert.True(backoff.IsOn, "the back-off found no round trip on a loopback connection");
            var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
            backoff.OnReceived(read);
        }

        client.Client.ReceiveBufferSize = 64 * 1024;
        var window = (long)(client.Client.ReceiveBufferSize / 2 * 1.25);

        Assert.Same(backoff.Limit, backoff.LimitFor(null));
        Assert.Same(backoff.Limit, backoff.LimitFor(TransferBackoff.MaxReceiveBuffer + 1L));
        Assert.Same(backoff.Limit, backoff.LimitFor(window + 1));
        Assert.Null(backoff.LimitFor(window));
        Assert.Null(backoff.LimitFor(1));

        // The sender ends either way (cancelled, or its connection closed): only that it ends matters.
        await timeout.CancelAsync();
        server.Close();
        await Task.WhenAny(sending);
    }
}
