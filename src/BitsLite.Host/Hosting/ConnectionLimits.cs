using System.Globalization;

namespace BitsLite.Host.Hosting;

/// <summary>
/// What one user's connections may take of the host. Requests are small and arrive at once, so these never touch a
/// well-behaved client; they keep a stuck or hostile process of the user's own from holding the host's memory.
/// <c>BITSLITE_MAX_CONNECTIONS</c> and <c>BITSLITE_FRAME_TIMEOUT</c> (seconds) change the first two.
/// </summary>
internal sealed record ConnectionLimits
{
    public const string MaxConnectionsVariable = "BITSLITE_MAX_CONNECTIONS";
    public const string FrameTimeoutVariable = "BITSLITE_FRAME_TIMEOUT";

    /// <summary>Connections one user may hold open at once; more are refused at their hello (LimitReached). Default 64.</summary>
    public int MaxConnectionsPerUser { get; init; } = 64;

    /// <summary>
    /// How long a request may take from its first byte to its last before its connection is dropped. Default 30 s.
    /// Silence between requests is not counted: a client waiting for events is idle for hours.
    /// </summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes all connections' requests still arriving may hold together beyond their first 64 KiB each; a request that
    /// would pass it waits for others to finish (or be dropped). Default 32 MiB.
    /// </summary>
    public long PendingRequestBytes { get; init; } = 32L * 1024 * 1024;

    /// <exception cref="FormatException">A value that is not a number or out of range; the message names the variable.</exception>
    public static ConnectionLimits Parse(Func<string, string?> environment)
    {
        var limits = new ConnectionLimits();
        if (Value(environment, MaxConnectionsVariable) is { } max)
        {
            limits = limits with
            {
                MaxConnectionsPerUser = int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 4096
                    ? count
                    : throw new FormatException($"{MaxConnectionsVariable} must be a whole number from 1 to 4096, not '{max}'."),
            };
        }

        if (Value(environment, FrameTimeoutVariable) is { } timeout)
        {
            limits = limits with
            {
                FrameTimeout = double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.1 and <= 3600
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new FormatException($"{FrameTimeoutVariable} must be a number of seconds from 0.1 to 3600, not '{timeout}'."),
            };
        }

        return limits;
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
