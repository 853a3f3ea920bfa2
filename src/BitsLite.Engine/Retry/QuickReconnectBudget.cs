using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Retry;

/// <summary>
/// Decides, for one run of a job, which transient failures get a quick reconnect and after how long. An outage opens with
/// a connection lost after bytes flowed, or with a busy answer (429, 503, any transient status); it grants at most
/// <see cref="QuickReconnectOptions.Attempts"/> reconnects, none starting later than
/// <see cref="QuickReconnectOptions.Window"/> after its first failure. A failure it does not grant is left to the job's
/// retry interval. Not thread-safe: a run tries one file at a time.
/// </summary>
internal sealed class QuickReconnectBudget
{
    private readonly QuickReconnectOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private long? _outageStarted;
    private int _granted;

    /// <summary>A budget for one run; <paramref name="random"/> gives the jitter numbers in [0, 1) (tests pass a fixed one).</summary>
    public QuickReconnectBudget(QuickReconnectOptions options, TimeProvider time, Func<double>? random = null)
    {
        _options = options;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>
    /// Whether <paramref name="failure"/> gets a quick reconnect. <paramref name="flowed"/>: the failed attempt had got a
    /// body flowing. <paramref name="slowDelay"/>: what the job would wait otherwise (its RetryInterval or the server's
    /// Retry-After); a reconnect that would not come sooner is not granted.
    /// </summary>
    public bool TryGrant(TransferFailure failure, bool flowed, TimeSpan slowDelay, out ReconnectAttempt attempt)
    {
        attempt = default;
        var busy = failure.HttpStatus is not null;
        if (!failure.IsTransient || _options.Attempts == 0 || failure.Context == TransferErrorContext.LocalFile)
        {
            // A full disk does not clear up in seconds.
            return false;
        }

        var now = _time.GetTimestamp();
        if (_outageStarted is not { } started || _time.GetElapsedTime(started, now) >= _options.Window)
        {
            if (!busy && !flowed)
            {
                // A connection that never carried a byte (refused, no answer) is a real outage: BITS's retry interval.
                return false;
            }

            (_outageStarted, _granted) = (now, 0);
            started = now;
        }

        if (_granted >= _options.Attempts || (busy && failure.RetryAfter is null && _granted > 0))
        {
            // Spent; and a busy server without Retry-After gets one short back-off per outage, never a series.
            return false;
        }

        var delay = !busy && _granted == 0 ? TimeSpan.Zero : Backoff(_granted);
        if (failure.RetryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        if (delay >= slowDelay || _time.GetElapsedTime(started, now) + delay > _options.Window)
        {
            return false;
        }

        _granted++;
        attempt = new ReconnectAttempt(delay, _granted, _options.Attempts);
        return true;
    }

    /// <summary>FirstDelay for the first back-off, doubling after (never past the window), each within ±25 %.</summary>
    private TimeSpan Backoff(int granted)
    {
        var doubled = _options.FirstDelay * Math.Pow(2, Math.Clamp(granted - 1, 0, 20));
        var nominal = doubled < _options.Window ? doubled : _options.Window;
        return nominal * (0.75 + (_random() * 0.5));
    }
}
