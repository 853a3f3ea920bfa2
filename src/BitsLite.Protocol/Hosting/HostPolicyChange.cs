namespace BitsLite.Protocol.Hosting;

/// <summary>A change to <see cref="HostPolicy"/>; properties left <see langword="null"/> keep their value.</summary>
public sealed record HostPolicyChange
{
    /// <summary>A new shared background limit in bytes per second; 0 removes the limit.</summary>
    public long? BackgroundBandwidth { get; init; }

    /// <summary>
    /// A new bandwidth schedule (at most <see cref="Hosting.BandwidthSchedule.MaxRules"/> rules; see
    /// <see cref="Hosting.BandwidthSchedule"/> for the text form); an empty list removes the schedule.
    /// </summary>
    public IReadOnlyList<BandwidthRule>? BandwidthSchedule { get; init; }

    /// <summary>A new number of jobs that may transfer at once (1 to 64).</summary>
    public int? MaxActiveJobs { get; init; }

    /// <summary>A new most files per job (1 to <see cref="HostPolicyRules.MaxFilesPerJobLimit"/>); jobs that have more keep them.</summary>
    public int? MaxFilesPerJob { get; init; }

    /// <summary>A new most live jobs per user (1 to <see cref="HostPolicyRules.MaxJobsPerUserLimit"/>); users who have more keep them.</summary>
    public int? MaxJobsPerUser { get; init; }

    /// <summary>A new most connections per file (1 to <see cref="HostPolicyRules.MaxConnectionsPerFileLimit"/>), for transfers that start after it.</summary>
    public int? MaxConnectionsPerFile { get; init; }

    /// <summary>A new network cost override; Auto goes back to asking the system.</summary>
    public NetworkCostOverride? NetworkCostOverride { get; init; }
}
