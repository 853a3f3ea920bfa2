namespace BitsLite.Engine.Throttling;

/// <summary>
/// A token bucket in bytes per second that callers pay after reading: a read that overdraws the
/// bucket waits until the debt is repaid. Paying after the fact keeps the average exact even with
/// large reads, and the bucket holds at most <see cref="BurstWindow"/> of savings, so bursts stay short.
/// </summary>
internal sealed class TokenBucket
{
    /// <summary>The most unused allowance a bucket can save up.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long? _rate;
    private double _tokens;
    private long _stamp;

    public TokenBucket(long? bytesPerSecond, TimeProvider time)
    {
        _time = time;
        _stamp = time.GetTimestamp();
        Rate = bytesPerSecond;
    }

    /// <summary>Bytes per second, or <see langword="null"/> for no limit. Changes apply to the next payment.</summary>
    public long? Rate
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }

        set
        {
            if (value is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A limit must be positive; use null for none.");
            }

            lock (_lock)
            {
                Refill();
                _rate = value;
                // A new limit starts without savings or debts from the old one.
                _tokens = 0;
            }
        }
    }

    /// <summary>Records <paramref name="bytes"/> as used and returns how long the caller must wait to stay within the limit.</summary>
    public TimeSpan Take(int bytes)
    {
        lock (_lock)
        {
            if (_rate is not { } rate)
            {
                return TimeSpan.Zero;
            }

            Refill();
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / rate);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        if (_rate is { } rate)
        {
            var capacity = rate * BurstWindow.TotalSeconds;
            _tokens = Math.Min(capacity, _tokens + (rate * _time.GetElapsedTime(_stamp, now).TotalSeconds));
        }

        _stamp = now;
    }
}
