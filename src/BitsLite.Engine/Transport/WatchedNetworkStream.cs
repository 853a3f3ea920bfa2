using System.Net.Http;
using System.Net.Sockets;
using BitsLite.Engine.Throttling;

namespace BitsLite.Engine.Transport;

/// <summary>
/// The stream of a connection made by <see cref="HttpSource"/>'s handlers: a plain <see cref="NetworkStream"/> that tells
/// <see cref="ResponseConnection"/> which socket each read uses, so a download can find its connection's TCP state.
/// </summary>
internal sealed class WatchedNetworkStream : NetworkStream
{
    private WatchedNetworkStream(Socket socket)
        : base(socket, ownsSocket: true)
    {
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> doing what the handler does by default (a dual-mode TCP socket
    /// without Nagle, every address of the name tried) and returning a <see cref="WatchedNetworkStream"/>.
    /// </summary>
    public static ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context, receiveBuffer: null, cancellationToken);

    /// <summary>
    /// <see cref="ConnectAsync(SocketsHttpConnectionContext, CancellationToken)"/> for transfers under back-off. Their
    /// receive buffer is set before connecting, as large as the system allows (<see cref="TransferBackoff.MaxReceiveBuffer"/>,
    /// capped at net.core.rmem_max), because Linux fixes the most a receive window may ever open at connection time: a
    /// buffer set only afterwards could shrink the window but never grow it past the autotuning's starting size (about
    /// 64 KiB, one fifth of a 20 Mbit/s link at 40 ms). The back-off then sizes the buffer to its rate.
    /// </summary>
    public static ValueTask<Stream> ConnectBackgroundAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context, TransferBackoff.MaxReceiveBuffer, cancellationToken);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, int? receiveBuffer, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (receiveBuffer is { } size)
            {
                TcpInfo.TrySetReceiveBuffer(socket, size);
            }

            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new WatchedNetworkStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ResponseConnection.Note(Socket);
        return base.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        ResponseConnection.Note(Socket);
        return base.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ResponseConnection.Note(Socket);
        return base.ReadAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ResponseConnection.Note(Socket);
        return base.ReadAsync(buffer, cancellationToken);
    }
}
