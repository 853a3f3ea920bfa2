namespace BitsLite.Engine.Retry;

/// <summary>
/// The quick reconnects that come before a job's retry interval, as curl, wget and aria2c reconnect: a download that
/// loses its connection (a reset, a stall, a body shorter than announced) after bytes flowed reconnects at once, and then
/// with a short exponential back-off and jitter; a server's first 429 or 503 without Retry-After is retried after a short
/// back-off, and a Retry-After that fits in the window is waited out exactly. One outage (failures that follow each other
/// within <see cref="Window"/>) gets at most <see cref="Attempts"/> quick reconnects; after that, and for anything else
/// transient, the job goes to TransientError and waits its RetryInterval, BITS's way with real outages.
/// </summary>
public sealed record QuickReconnectOptions
{
    /// <summary>No quick reconnects: every transient failure waits the job's retry interval (BITS's behaviour).</summary>
    public static QuickReconnectOptions Off { get; } = new() { Attempts = 0 };

    /// <summary>Most quick reconnects in one outage; 0 turns them off. Default 4.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>
    /// The back-off before the second reconnect of an outage (the first after a lost connection is at once), and before
    /// retrying a busy server's first answer; it doubles for each later reconnect, each with ±25 % jitter. Default 0.5 s.
    /// </summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// How long after the first failure of an outage a quick reconnect may still start: the bound on the time one outage
    /// spends before it is left to the retry interval. A failure after this window opens a new outage only if the
    /// connection had carried bytes again. Default 10 s.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Attempts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Attempts, 32);
        if (FirstDelay <= TimeSpan.Zero || FirstDelay > Window)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstDelay), FirstDelay, $"Must be more than 0 and at most {nameof(Window)}.");
        }

        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Must be more than 0 and at most 10 minutes.");
        }
    }
}
