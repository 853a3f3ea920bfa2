namespace BitsLite.Engine.Throttling;

/// <summary>
/// The delay-based back-off of Normal and Low priority HTTP downloads, in the spirit of LEDBAT (RFC 6817): each such
/// transfer watches the round-trip time of its own TCP connection and reads more slowly when queueing delay grows, so
/// other traffic through the same bottleneck stays responsive; it speeds up again while the path is idle. Foreground and
/// High jobs are never held back by it. Needs the kernel's TCP_INFO (Linux); elsewhere transfers run without it.
/// </summary>
public sealed record BackgroundBackoffOptions
{
    /// <summary>Whether Normal and Low priority downloads back off. Default <see langword="true"/>.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The queueing delay (round-trip time above the lowest one seen) a transfer aims to add at most. Default 25 ms;
    /// RFC 6817 requires at most 100 ms.
    /// </summary>
    public TimeSpan Target { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How fast the rate grows while the queueing delay is below <see cref="Target"/> (LEDBAT's GAIN): at most this many
    /// full-sized segments more in flight per round trip, in proportion to how far below. Default 1, the most RFC 6817 allows.
    /// </summary>
    public double Gain { get; init; } = 1.0;

    /// <summary>The slowest a transfer is ever held to, in bytes per second. Default 16 KiB/s.</summary>
    public long Floor { get; init; } = 16 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Target <= TimeSpan.Zero || Target > TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "Must be more than 0 and at most 100 ms (RFC 6817).");
        }

        if (!double.IsFinite(Gain) || Gain <= 0 || Gain > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Gain), Gain, "Must be more than 0 and at most 1 (RFC 6817).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Floor, 1024);
    }
}
