using System.Net.Sockets;
using System.Text;

namespace BitsLite.Server.Tests.Support;

/// <summary>
/// One HTTP/1.1 connection written byte by byte, for what HttpClient will not do: announce a body it never sends, or
/// send one a byte at a time.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        return new RawHttpConnection(tcp);
    }

    /// <summary>Sends a request head: the request line and headers given, Host, and the blank line.</summary>
    public Task SendHeadAsync(string method, Uri url, params string[] headers)
    {
        var head = $"{method} {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
        return _stream.WriteAsync(Encoding.ASCII.GetBytes(head)).AsTask();
    }

    /// <summary>Sends bytes; false when the server has closed the connection.</summary>
    public async Task<bool> TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads a response's status line and headers (not its body); null when the connection ends first.</summary>
    public async Task<Response?> ReadResponseHeadAsync(CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            head.Append((char)buffer[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Response(status, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    /// <summary>A response's status code and headers.</summary>
    internal sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
