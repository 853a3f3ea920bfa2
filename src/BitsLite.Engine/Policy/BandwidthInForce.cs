namespace BitsLite.Engine.Policy;

/// <summary>The limit background jobs share now, and when a bandwidth schedule next changes it.</summary>
/// <param name="Limit">Bytes per second; <see langword="null"/> for none; 0 while background jobs are held.</param>
/// <param name="Until">When it next changes, in the host's offset; <see langword="null"/> when it never does.</param>
internal readonly record struct BandwidthInForce(long? Limit, DateTimeOffset? Until)
{
    /// <summary>Whether background jobs are held (a zero limit).</summary>
    public bool HoldsBackgroundJobs => Limit == 0;
}
