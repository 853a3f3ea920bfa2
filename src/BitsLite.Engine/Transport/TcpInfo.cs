using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BitsLite.Engine.Transport;

/// <summary>
/// What the kernel knows of a TCP connection, from <c>getsockopt(IPPROTO_TCP, TCP_INFO)</c> (Linux only).
/// </summary>
/// <remarks>
/// A receiver's <c>tcpi_rtt</c> and <c>tcpi_min_rtt</c> are of no use: they come from acknowledgements of data it sent
/// (just the request), so they stay as they were after the first round trip. <c>tcpi_rcv_rtt</c> is the receiver's own
/// estimate (what the kernel sizes its receive buffer with): with TCP timestamps, the time from an acknowledgement to the
/// data that echoes it, which includes the queue in front of the bottleneck on the way in, smoothed over about eight
/// samples. Since Linux 6.16 a higher sample counts only while the receive queue is empty, a lower one always. Without
/// timestamps it is measured once per window and only ever falls, which says nothing about queues.
/// </remarks>
internal static class TcpInfo
{
    private const int IpProtoTcp = 6;
    private const int TcpInfoOption = 11;
    private const int OptionsOffset = 5;     // struct tcp_info: tcpi_options, __u8
    private const byte TimestampsOption = 1; // TCPI_OPT_TIMESTAMPS
    private const int AdvMssOffset = 84;     // struct tcp_info: tcpi_advmss, __u32, the most one segment brings us
    private const int RcvRttOffset = 92;     // struct tcp_info: tcpi_rcv_rtt, __u32, microseconds
    private const int Size = 104;

    /// <summary>Whether this system can tell (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Reads the receiver's round-trip estimate of <paramref name="socket"/>'s connection, and its segment size.</summary>
    public static TcpRoundTrip ReceiverRoundTrip(Socket socket)
    {
        if (!IsSupported)
        {
            return TcpRoundTrip.Unavailable;
        }

        Span<byte> info = stackalloc byte[Size];
        try
        {
            if (socket.GetRawSocketOption(IpProtoTcp, TcpInfoOption, info) < RcvRttOffset + sizeof(uint))
            {
                return TcpRoundTrip.Unavailable;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return TcpRoundTrip.Unavailable;
        }

        if ((info[OptionsOffset] & TimestampsOption) == 0)
        {
            return TcpRoundTrip.Unavailable;
        }

        var microseconds = MemoryMarshal.Read<uint>(info[RcvRttOffset..]);
        var segment = (int)Math.Min(MemoryMarshal.Read<uint>(info[AdvMssOffset..]), 1 << 20);
        return new TcpRoundTrip(microseconds == 0 ? null : TimeSpan.FromMicroseconds(microseconds)) { SegmentSize = segment };
    }

    /// <summary>Sets the socket's receive buffer (SO_RCVBUF; the kernel doubles it for its bookkeeping and stops tuning it); false if it could not.</summary>
    public static bool TrySetReceiveBuffer(Socket socket, int bytes)
    {
        try
        {
            socket.ReceiveBufferSize = bytes;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
