namespace BitsLite.Protocol.Hosting;

/// <summary>
/// The host-wide rules every job runs under (what <c>bitslite policy</c> and <c>Get-TransferPolicy</c> show).
/// The host keeps them in its database, so they survive restarts.
/// </summary>
public sealed record HostPolicy
{
    /// <summary>The limit shared by all background jobs (every priority but Foreground) in bytes per second, or <see langword="null"/> for none.</summary>
    public long? BackgroundBandwidth { get; init; }

    /// <summary>How many jobs may transfer at the same time.</summary>
    public int MaxActiveJobs { get; init; }
}
