using BitsLite.Server;

namespace BitsLite.UploadServer;

/// <summary>What the command line asked for; every limit defaults to the endpoint's own default.</summary>
internal sealed record UploadServerSettings
{
    /// <summary>The endpoint's default minimum body rate in bytes per second, the command's unit.</summary>
    public static long DefaultMinBodyRate => (long)BitsUploadOptions.DefaultMinRequestBodyDataRate.BytesPerSecond;

    public static TimeSpan DefaultMinBodyRateGrace => BitsUploadOptions.DefaultMinRequestBodyDataRate.GracePeriod;

    public required IReadOnlyList<string> Urls { get; init; }

    public required string Directory { get; init; }

    public string? SessionDirectory { get; init; }

    public long MaxSize { get; init; } = BitsUploadOptions.DefaultMaxUploadSize;

    public TimeSpan SessionTimeout { get; init; } = BitsUploadOptions.DefaultSessionTimeout;

    public int MaxSessionsPerClient { get; init; } = BitsUploadOptions.DefaultMaxSessionsPerClient;

    public int MaxSessions { get; init; } = BitsUploadOptions.DefaultMaxSessions;

    /// <summary>Bytes per second; 0 turns the minimum off.</summary>
    public long MinBodyRate { get; init; } = DefaultMinBodyRate;

    public TimeSpan MinBodyRateGrace { get; init; } = DefaultMinBodyRateGrace;

    public bool AllowOverwrite { get; init; }

    /// <summary>Whether the client address is the one a reverse proxy on this machine puts in X-Forwarded-For.</summary>
    public bool ForwardedFor { get; init; }

    public required string Path { get; init; }
}
