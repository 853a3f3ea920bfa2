namespace BitsLite.Engine.Throttling;

/// <summary>
/// The receive rate of one background transfer, set from its own round-trip times in the manner of LEDBAT (RFC 6817),
/// as a rate for a reader rather than a sender's window. Queueing delay is the current round trip (the lowest of the last
/// <see cref="CurrentFilter"/> samples) less the base delay (the lowest of the last minutes, see
/// <see cref="BaseDelayHistory"/>). About once per round trip the rate moves:
/// <list type="bullet">
/// <item>queueing delay above the target: down to what actually flows times
/// 1 − <see cref="DecreaseGain"/> × (delay − target) / target, at least <see cref="DecreaseFactor"/> (a multiplicative
/// decrease in proportion to the excess, as in LEDBAT++), so the queue drains; the rate it came down from becomes the
/// ramp's ceiling, like a sender's ssthresh;</item>
/// <item>queueing delay near zero (at most <see cref="RampBelow"/> of the target), an idle path: times
/// <see cref="RampPerRoundTrip"/> per round trip up to that ceiling, a gentle slow start; the ceiling is forgotten after
/// <see cref="IdleRoundsToRamp"/> idle round trips in a row;</item>
/// <item>otherwise LEDBAT's linear law on the window W = rate × round trip:
/// W += GAIN × (target − delay) / target × bytes × MSS / W, about GAIN segments more per round trip when far below.</item>
/// </list>
/// The rate grows only while the transfer uses at least <see cref="BusyShare"/> of it: a transfer held back by the server
/// or another limit does not build up a rate it never tested, and one held back by a queue comes down to what flows. It
/// stays within [floor, ceiling]. Pure: fed with bytes and delay samples, timed by the <see cref="TimeProvider"/>; not
/// thread-safe.
/// </summary>
internal sealed class LedbatRateController
{
    /// <summary>LEDBAT's MSS: the segment size the linear law counts in.</summary>
    public const int SegmentSize = 1448;

    /// <summary>No limit in practice (4 GiB/s).</summary>
    public const long DefaultCeiling = 1L << 32;

    /// <summary>Samples in the current-delay filter (RFC 6817's CURRENT_FILTER): the lowest of them counts.</summary>
    public const int CurrentFilter = 4;

    /// <summary>Queueing delay below this share of the target counts as an idle path, where the rate ramps up.</summary>
    public const double RampBelow = 0.2;

    /// <summary>Updates in a row with an idle path after which the ramp may again go past the rate at which the path last filled.</summary>
    public const int IdleRoundsToRamp = 32;

    /// <summary>What the rate is multiplied by per round trip on an idle path (at most twice per update).</summary>
    public const double RampPerRoundTrip = 1.5;

    /// <summary>How much a round trip's decrease takes per target of queueing delay above the target.</summary>
    public const double DecreaseGain = 0.5;

    /// <summary>The least a round trip's decrease keeps of the rate: it never takes more than half.</summary>
    public const double DecreaseFactor = 0.5;

    /// <summary>The share of the rate a transfer must have used since the last update for the rate to grow.</summary>
    public const double BusyShare = 0.8;

    /// <summary>Round trips over which the rate that flows is smoothed.</summary>
    public const double FlowRounds = 4;

    /// <summary>The shortest round trip the laws assume (loopback and LANs have shorter ones); also the shortest update interval.</summary>
    public static readonly TimeSpan MinRoundTrip = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest update interval.</summary>
    public static readonly TimeSpan MaxRoundTrip = TimeSpan.FromSeconds(1);

    /// <summary>The rate a transfer starts at (or the floor, if higher): 64 KiB/s.</summary>
    public const long DefaultInitialRate = 64 * 1024;

    private readonly TimeProvider _time;
    private readonly BaseDelayHistory _history;
    private readonly TimeSpan[] _recent = new TimeSpan[CurrentFilter];
    private readonly double _target;
    private readonly double _gain;
    private readonly long _floor;
    private readonly long _ceiling;
    private int _recentCount;
    private double _rate;
    private long _bytes;
    private long _updatedAt;
    private double _flowing;
    private double _rampCeiling = double.PositiveInfinity;
    private int _idleRounds;

    public LedbatRateController(BackgroundBackoffOptions options, TimeProvider time, long? initialRate = null, long ceiling = DefaultCeiling, BaseDelayHistory? history = null)
    {
        options.Validate();
        _time = time;
        _history = history ?? new BaseDelayHistory(time);
        _target = options.Target.TotalSeconds;
        _gain = options.Gain;
        _floor = options.Floor;
        _ceiling = Math.Max(ceiling, _floor);
        _rate = Math.Clamp(initialRate ?? DefaultInitialRate, _floor, _ceiling);
        _updatedAt = time.GetTimestamp();
    }

    /// <summary>The receive rate to hold the transfer to, in bytes per second.</summary>
    public long Rate => (long)_rate;

    /// <summary>The base-delay history the controller feeds (shared by a job's responses from one origin, see <see cref="BackoffMemory"/>).</summary>
    public BaseDelayHistory History => _history;

    /// <summary>The lowest round trip in the history, or <see langword="null"/> before the first sample.</summary>
    public TimeSpan? BaseDelay => _history.Minimum;

    /// <summary>The lowest of the last <see cref="CurrentFilter"/> samples, or <see langword="null"/> before the first.</summary>
    public TimeSpan? CurrentDelay { get; private set; }

    /// <summary>How far the current round trip is above the base one.</summary>
    public TimeSpan? QueueingDelay => CurrentDelay - BaseDelay;

    /// <summary>Counts bytes the transfer received.</summary>
    public void AddBytes(long bytes) => _bytes += bytes;

    /// <summary>
    /// Takes one round-trip sample; once a round trip has passed since the last update, moves the rate. Returns
    /// whether <see cref="Rate"/> changed.
    /// </summary>
    public bool AddDelaySample(TimeSpan roundTrip)
    {
        if (roundTrip <= TimeSpan.Zero)
        {
            return false;
        }

        _history.Add(roundTrip);
        _recent[_recentCount++ % CurrentFilter] = roundTrip;
        var current = TimeSpan.MaxValue;
        for (var i = 0; i < Math.Min(_recentCount, CurrentFilter); i++)
        {
            current = _recent[i] < current ? _recent[i] : current;
        }

        CurrentDelay = current;
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_updatedAt, now);
        var rtt = current < MinRoundTrip ? MinRoundTrip : current > MaxRoundTrip ? MaxRoundTrip : current;
        if (elapsed < rtt)
        {
            return false;
        }

        var before = Rate;
        Update(elapsed.TotalSeconds, rtt.TotalSeconds);
        _updatedAt = now;
        _bytes = 0;
        return Rate != before;
    }

    private void Update(double elapsed, double rtt)
    {
        var queueing = Math.Max(0, (CurrentDelay!.Value - BaseDelay!.Value).TotalSeconds);
        var offTarget = (_target - queueing) / _target;
        var delivered = _bytes / elapsed;

        // What flows, smoothed over about FlowRounds round trips: a single interval may read a backlog that piled up in
        // the socket (too high) or wait for a window that just reopened (too low).
        _flowing = _flowing is 0 ? delivered : _flowing + ((delivered - _flowing) * Math.Min(1, elapsed / rtt / FlowRounds));
        var flowing = _flowing;
        var binding = delivered >= BusyShare * _rate;
        var idle = queueing <= RampBelow * _target;
        _idleRounds = idle ? _idleRounds + 1 : 0;
        if (_idleRounds >= IdleRoundsToRamp)
        {
            // The path has stayed idle for a while: whatever congested it has gone, so ramping is safe again.
            _rampCeiling = double.PositiveInfinity;
        }

        if (queueing > _target)
        {
            // Above the target: come down below what the path delivers, the more the further above (LEDBAT++'s
            // multiplicative decrease), so that the queue drains; at most by half per round trip. The path's rate
            // becomes the ceiling of the ramp, as a sender's ssthresh.
            var factor = Math.Max(DecreaseFactor, 1 - (DecreaseGain * (queueing - _target) / _target));
            _rampCeiling = Math.Min(_rate, flowing);
            _rate = Math.Min(_rate, flowing) * factor;
        }
        else if (!binding)
        {
            // Something else sets the pace. With a queue, that is the path: asking for more than it delivers only
            // lengthens the queue, so the rate comes down to what flows. Without one (the server, another limit, the
            // sender still starting), the rate is kept, untested, and does not grow.
            if (queueing > RampBelow * _target)
            {
                _rate = Math.Min(_rate, flowing);
            }
        }
        else if (idle && _rate < _rampCeiling)
        {
            // An idle path: ramp up, as a sender's slow start would, though more gently, up to where the path last
            // filled; beyond, the linear law probes on.
            // Updates come with reads, which a low rate spaces out: the ramp counts the round trips since the last one.
            _rate = Math.Min(_rampCeiling, _rate * Math.Min(2, Math.Pow(RampPerRoundTrip, elapsed / rtt)));
        }
        else
        {
            // RFC 6817: cwnd += GAIN * off_target * bytes_newly_acked * MSS / cwnd, with cwnd = rate * rtt.
            _rate += _gain * offTarget * _bytes * SegmentSize / (_rate * rtt) / rtt;
        }

        _rate = Math.Clamp(_rate, _floor, _ceiling);
    }
}
