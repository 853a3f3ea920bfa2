using System.Net.Sockets;
using System.Text;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Infrastructure;

/// <summary>
/// The fault server's two ways of breaking a response, seen from a raw socket: an orderly close (FIN, the client reads
/// the end of the stream: a short body) and a reset (RST, the client's read fails: a lost connection).
/// </summary>
public sealed class FaultServerResetTests : IAsyncLifetime
{
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DropWithReset_EndsTheConnectionWithAReset()
    {
        _server.Serve("/reset.bin", new byte[4_000_000], new FaultPlan { DropAfterBytes = 100_000, DropWithReset = true });

        var (received, error) = await ReadRawAsync("/reset.bin");

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error?.InnerException).SocketErrorCode);
        Assert.True(received < 4_000_000, $"the whole body arrived ({received} bytes)");
    }

    [Fact]
    public async Task ADropWithoutReset_EndsTheConnectionInOrder_AfterExactlyThoseBytes()
    {
        _server.Serve("/short.bin", new byte[4_000_000], new FaultPlan { DropAfterBytes = 100_000 });

        var (received, error) = await ReadRawAsync("/short.bin");

        Assert.Null(error);
        Assert.Equal(100_000, received);
    }

    [Fact]
    public void DropWithReset_NeedsDropAfterBytes() =>
        Assert.Throws<ArgumentException>(() => _server.Serve("/x", [1], new FaultPlan { DropWithReset = true }));

    /// <summary>Sends a GET on a socket of its own and reads until the server ends the connection: body bytes, and how it ended.</summary>
    private async Task<(long BodyBytes, IOException? Error)> ReadRawAsync(string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.BaseUri.Host, _server.BaseUri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {_server.BaseUri.Authority}\r\n\r\n"));
        var buffer = new byte[65536];
        var all = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                all.Write(buffer, 0, read);
            }
        }
        catch (IOException ex)
        {
            return (BodyBytes(all), ex);
        }

        return (BodyBytes(all), null);
    }

    private static long BodyBytes(MemoryStream received)
    {
        var bytes = received.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        return end < 0 ? 0 : bytes.Length - end - 4;
    }
}
