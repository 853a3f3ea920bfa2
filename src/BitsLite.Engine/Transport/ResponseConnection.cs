using System.Net.Sockets;

namespace BitsLite.Engine.Transport;

/// <summary>
/// The socket a download's bytes come through. A download calls <see cref="Watch"/> before it sends its request; every
/// read of a connection made by <see cref="HttpSource"/> (see <see cref="WatchedNetworkStream"/>) then notes its socket
/// in the instance of the async flow doing the read. HTTP/1.1 reads a response on the flow of whoever awaits it, so the
/// socket noted last is that of the response being read. Nothing is noted for local files, or for HTTP/2, whose
/// connections read on flows of their own.
/// </summary>
internal sealed class ResponseConnection
{
    private static readonly AsyncLocal<ResponseConnection?> Current = new();

    private Socket? _socket;

    /// <summary>The socket of the latest read in the watching flow, or <see langword="null"/> while none is known.</summary>
    public Socket? Socket => Volatile.Read(ref _socket);

    /// <summary>Starts watching the reads of the calling async flow (and of the flows it starts); replaces an earlier watch of it.</summary>
    public static ResponseConnection Watch()
    {
        var connection = new ResponseConnection();
        Current.Value = connection;
        return connection;
    }

    /// <summary>Notes that <paramref name="socket"/> is being read by the calling flow.</summary>
    public static void Note(Socket socket)
    {
        if (Current.Value is { } connection && !ReferenceEquals(connection._socket, socket))
        {
            Volatile.Write(ref connection._socket, socket);
        }
    }
}
