namespace BitsLite.Protocol.Hosting;

/// <summary>
/// The host-wide rules every job runs under (what <c>bitslite policy</c> and <c>Get-TransferPolicy</c> show).
/// The host keeps them in its database, so they survive restarts.
/// </summary>
public sealed record HostPolicy
{
    /// <summary>The limit shared by all background jobs (every priority but Foreground) in bytes per second, or <see langword="null"/> for none.</summary>
    public long? BackgroundBandwidth { get; init; }

    /// <summary>
    /// The weekly bandwidth schedule for background jobs (host local time): the first rule whose window contains the
    /// current time sets their limit; outside every rule <see cref="BackgroundBandwidth"/> applies.
    /// <see langword="null"/> (the default) for none.
    /// </summary>
    public IReadOnlyList<BandwidthRule>? BandwidthSchedule { get; init; }

    /// <summary>
    /// The limit background jobs share now, after the schedule: bytes per second, <see langword="null"/> for none, or 0
    /// while a rule holds them in Queued. <see cref="BackgroundBandwidth"/> when there is no schedule.
    /// </summary>
    public long? EffectiveBackgroundBandwidth { get; init; }

    /// <summary>
    /// When the schedule next changes <see cref="EffectiveBackgroundBandwidth"/>, in the host's local time; <see langword="null"/>
    /// when it never does (no schedule, or one whose rules all give the same limit).
    /// </summary>
    public DateTimeOffset? EffectiveBackgroundBandwidthUntil { get; init; }

    /// <summary>How many jobs may transfer at the same time.</summary>
    public int MaxActiveJobs { get; init; }

    /// <summary>
    /// The most files one job may have (<see cref="HostPolicyRules.DefaultMaxFilesPerJob"/> unless an administrator
    /// changed it, as in BITS); creating or adding beyond it is refused with LimitReached.
    /// </summary>
    public int MaxFilesPerJob { get; init; }

    /// <summary>
    /// The most live jobs (not Acknowledged or Cancelled) one user may have (<see cref="HostPolicyRules.DefaultMaxJobsPerUser"/>
    /// unless an administrator changed it); creating one more is refused with LimitReached.
    /// </summary>
    public int MaxJobsPerUser { get; init; }

    /// <summary>
    /// The most connections one file of a Foreground or High job may use (<see cref="HostPolicyRules.DefaultMaxConnectionsPerFile"/>
    /// unless an administrator changed it); a job's Connections above it gets this many. 0 from a host older than segmented downloads.
    /// </summary>
    public int MaxConnectionsPerFile { get; init; }

    /// <summary>
    /// What the host takes the network's cost to be: <see cref="NetworkCostOverride.Auto"/> (the default) follows
    /// <see cref="NetworkCost"/>; Metered or Unmetered fix the answer whatever the system reports.
    /// </summary>
    public NetworkCostOverride NetworkCostOverride { get; init; }

    /// <summary>
    /// The network's cost as the system last reported it, whatever the override says (Unknown counts as unmetered).
    /// The host asks the system when this policy is read, and every 30 s while a job waits for an unmetered network.
    /// </summary>
    public NetworkCost NetworkCost { get; init; }
}
