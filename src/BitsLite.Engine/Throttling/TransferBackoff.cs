using System.Net.Sockets;
using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Throttling;

/// <summary>
/// The back-off of one background HTTP response: feeds its <see cref="LedbatRateController"/> with the bytes read and
/// the connection's receive round trip (<see cref="TcpInfo"/>, asked at most every <see cref="PollInterval"/>), holds
/// the reads to the controller's rate through <see cref="Limit"/>, and keeps the socket's receive buffer in proportion to
/// that rate.
/// </summary>
/// <remarks>
/// <para>
/// Reading slowly is not enough on its own. The sender may have in flight what the receive window allows, and the window
/// is the free part of the receive buffer. Left to the kernel's autotuning, the buffer grows to megabytes, and a sender
/// filling it fills the bottleneck's queue whatever the rate of reading: reading at 80 % of a 20 Mbit/s link still left
/// 400 ms in its queue (docs/benchmarks.md). So the buffer is sized to give a window of the rate over the base round
/// trip plus half the target: a sender that outruns the reader soon finds the window closed, and the queue it can build
/// is bounded even before the controller reacts.
/// </para>
/// <para>
/// The kernel's estimate is only as fresh as its samples. Since Linux 6.16 a higher sample counts only while the receive
/// queue is empty, so a reader that never empties it would keep an old estimate: reads ask for at least
/// <see cref="DrainChunk"/>. An estimate that shows a queue and has not moved for <see cref="SignalTimeout"/> is taken
/// for stale: the limit is lifted (the buffer still bounds the window) until the kernel measures again, so a transfer
/// never sits at the floor on the word of one old sample.
/// </para>
/// <para>
/// The back-off turns itself off for good (<see cref="Limit"/> becomes <see langword="null"/>, the buffer large again) when
/// no delay can be had: no TCP_INFO, a connection without TCP timestamps, no socket found for the response
/// (<see cref="ResponseConnection"/>), or no estimate within <see cref="SignalTimeout"/> of the start.
/// </para>
/// </remarks>
internal sealed class TransferBackoff
{
    /// <summary>How often the connection's round trip is asked of the kernel, at most.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long a transfer waits for its first round-trip estimate before the back-off turns off, and how long an
    /// estimate showing a queue may stay unchanged before it counts as stale.
    /// </summary>
    public static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The smallest receive buffer set (the kernel doubles it): about a dozen segments, a second at the default floor.</summary>
    public const int MinReceiveBuffer = 16 * 1024;

    /// <summary>The least receive buffer in segments of the connection.</summary>
    public const int SegmentsAtLeast = 4;

    /// <summary>The largest receive buffer set (the kernel caps it at net.core.rmem_max).</summary>
    public const int MaxReceiveBuffer = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes of receive window Linux offers per byte of SO_RCVBUF with 1500-byte packets: it doubles the value, then
    /// keeps about 5/8 of the space for data, the rest for the packets' bookkeeping (measured: 540 KB in flight for 432 KB).
    /// </summary>
    private const double WindowPerBuffer = 1.25;

    private readonly ResponseConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _target;
    private readonly long _start;
    private long? _polledAt;
    private TimeSpan? _lastEstimate;
    private long _estimatedAt;
    private bool _stale;
    private int _receiveBuffer;

    /// <param name="connection">The response's connection, whose round trip is the delay signal.</param>
    /// <param name="options">The back-off's settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="initialRate">The rate to start at: the rate the job's previous response from the same origin ended at, when recent (<see cref="BackoffMemory"/>).</param>
    /// <param name="history">The origin's base-delay history, shared by the job's responses from it.</param>
    public TransferBackoff(ResponseConnection connection, BackgroundBackoffOptions options, TimeProvider time, long? initialRate = null, BaseDelayHistory? history = null)
    {
        _connection = connection;
        _time = time;
        _target = options.Target;
        _start = time.GetTimestamp();
        Controller = new LedbatRateController(options, time, initialRate, history: history);
        Bucket = new TokenBucket(Controller.Rate, time);
    }

    public LedbatRateController Controller { get; }

    /// <summary>False once the back-off gave up for want of a delay signal (see the remarks).</summary>
    public bool IsOn { get; private set; } = true;

    /// <summary>
    /// The controller's rate as a limit on the transfer's reads, from the first round-trip estimate on (until then the
    /// sender is still in its first round trips, and reading slowly would only starve the estimate: the kernel measures
    /// the round trip on full-sized segments, which a reader taking a few kilobytes at a time may never see); <see langword="null"/>
    /// before, and when the back-off is off.
    /// </summary>
    public TokenBucket? Limit => IsOn && _lastEstimate is not null && !_stale ? Bucket : null;

    /// <summary>
    /// The limit on the next read of a response with <paramref name="remaining"/> bytes still to come (null: unknown):
    /// <see cref="Limit"/>, but none once the rest fits in the receive window. The sender may then send all of it whatever
    /// the reader does, so holding the reads back would slow the job without sparing the path; without this, a job of
    /// many small files spent most of its time waiting on a limit that protected nothing.
    /// </summary>
    public TokenBucket? LimitFor(long? remaining)
    {
        var limit = Limit;
        return limit is null || remaining is not { } rest || rest > MaxReceiveBuffer || rest > ReceiveWindow() ? limit : null;
    }

    /// <summary>
    /// The least a read should ask for: twice the receive buffer (what the kernel holds for it), so that a read can
    /// empty the socket, as the kernel takes a higher round-trip sample only into an empty receive queue; but no more than
    /// a <see cref="TokenBucket.BurstWindow"/> of the rate, so that reads (and the controller's updates) stay frequent.
    /// </summary>
    public int DrainChunk => (int)Math.Min(Math.Min(1024 * 1024, 2L * _receiveBuffer), Controller.Rate * TokenBucket.BurstWindow.TotalSeconds);

    /// <summary>The socket's receive buffer as last set, or 0 while the back-off has not set one.</summary>
    public int ReceiveBuffer => _receiveBuffer;

    private TokenBucket Bucket { get; }

    /// <summary>Counts <paramref name="bytes"/> just read and, when a poll is due, moves the rate and the receive buffer.</summary>
    public void OnReceived(int bytes)
    {
        if (!IsOn)
        {
            return;
        }

        Controller.AddBytes(bytes);
        var now = _time.GetTimestamp();
        if (_polledAt is { } polled && _time.GetElapsedTime(polled, now) < PollInterval)
        {
            return;
        }

        _polledAt = now;
        var socket = _connection.Socket;
        var sample = socket is null ? TcpRoundTrip.NotYet : TcpInfo.ReceiverRoundTrip(socket);
        if (!sample.IsAvailable || (_lastEstimate is null && sample.Value is null && _time.GetElapsedTime(_start, now) >= SignalTimeout))
        {
            TurnOff(socket);
            return;
        }

        if (sample.Value is not { } roundTrip)
        {
            return;
        }

        if (roundTrip != _lastEstimate)
        {
            (_lastEstimate, _estimatedAt) = (roundTrip, now);
        }

        // An estimate that stays put while it shows a queue is most likely stale (see the remarks): the limit is lifted,
        // and the controller left alone, until the kernel measures again.
        _stale = _time.GetElapsedTime(_estimatedAt, now) >= SignalTimeout
            && Controller.QueueingDelay > LedbatRateController.RampBelow * _target;
        if (_stale)
        {
            return;
        }

        if (Controller.AddDelaySample(roundTrip))
        {
            Bucket.Rate = Controller.Rate;
        }

        SizeReceiveBuffer(socket!, sample.SegmentSize);
    }

    /// <summary>The transfer is no longer background (its priority rose): gives the connection a large receive buffer again.</summary>
    public void Release()
    {
        if (_receiveBuffer is > 0 and < MaxReceiveBuffer && _connection.Socket is { } socket && TcpInfo.TrySetReceiveBuffer(socket, MaxReceiveBuffer))
        {
            _receiveBuffer = MaxReceiveBuffer;
        }
    }

    /// <summary>The receive window the socket's buffer gives (0 when it cannot be told).</summary>
    private long ReceiveWindow()
    {
        try
        {
            // getsockopt reports the doubled value the kernel keeps: half of it is what was set.
            return _connection.Socket is { } socket ? (long)(socket.ReceiveBufferSize / 2 * WindowPerBuffer) : 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private void TurnOff(Socket? socket)
    {
        IsOn = false;
        if (socket is not null && _receiveBuffer is > 0 and < MaxReceiveBuffer)
        {
            TcpInfo.TrySetReceiveBuffer(socket, MaxReceiveBuffer);
        }
    }

    private void SizeReceiveBuffer(Socket socket, int segment)
    {
        // From the base round trip, not the current one: a buffer that grew with the queue would let the queue grow.
        // Never below a few segments: Linux reopens a closed window only once a whole segment fits, and a buffer of about
        // one segment (on loopback, 64 KiB) would leave the sender to its zero-window probes, seconds apart.
        var window = Controller.Rate * (Controller.BaseDelay!.Value + (_target / 2)).TotalSeconds;
        var least = Math.Max(MinReceiveBuffer, SegmentsAtLeast * segment);
        var wanted = (int)Math.Clamp(window / WindowPerBuffer, least, Math.Max(least, MaxReceiveBuffer));

        // Only a real change is worth a system call.
        if ((_receiveBuffer == 0 || Math.Abs(wanted - _receiveBuffer) > _receiveBuffer / 8) && TcpInfo.TrySetReceiveBuffer(socket, wanted))
        {
            _receiveBuffer = wanted;
        }
    }
}
