namespace BitsLite.Engine.Throttling;

/// <summary>
/// The base delay of RFC 6817 (section 3.4.2): the lowest delay seen, kept as one minimum per
/// <see cref="Interval"/> for the last <see cref="Length"/> intervals, so that a route that became longer is learnt
/// within <c>Length × Interval</c> while a short busy spell never erases the true minimum.
/// </summary>
internal sealed class BaseDelayHistory
{
    /// <summary>RFC 6817's BASE_HISTORY: ten one-minute minima.</summary>
    public const int DefaultLength = 10;

    /// <summary>The span of one minimum.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly TimeSpan[] _minima;
    private readonly long _start;
    private long _newestInterval = -1;

    public BaseDelayHistory(TimeProvider time, int length = DefaultLength, TimeSpan? interval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _time = time;
        _minima = new TimeSpan[length];
        Array.Fill(_minima, TimeSpan.MaxValue);
        Interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero);
        _start = time.GetTimestamp();
    }

    public int Length => _minima.Length;

    public TimeSpan Interval { get; }

    /// <summary>The lowest delay of the intervals kept, or <see langword="null"/> before the first sample.</summary>
    public TimeSpan? Minimum { get; private set; }

    public void Add(TimeSpan delay)
    {
        var interval = _time.GetElapsedTime(_start).Ticks / Interval.Ticks;
        if (interval != _newestInterval)
        {
            // A new interval (or several, after a silence): the ones that fell out of the window are forgotten.
            var passed = _newestInterval < 0 ? 1 : interval - _newestInterval;
            for (var i = 0; i < Math.Min(passed, _minima.Length); i++)
            {
                _minima[(int)((interval - i) % _minima.Length)] = TimeSpan.MaxValue;
            }

            _newestInterval = interval;
        }

        var slot = (int)(interval % _minima.Length);
        if (delay < _minima[slot])
        {
            _minima[slot] = delay;
        }

        var minimum = TimeSpan.MaxValue;
        foreach (var value in _minima)
        {
            minimum = value < minimum ? value : minimum;
        }

        Minimum = minimum;
    }
}
