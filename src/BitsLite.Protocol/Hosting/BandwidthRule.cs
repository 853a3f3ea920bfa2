namespace BitsLite.Protocol.Hosting;

/// <summary>
/// One rule of the host's bandwidth schedule: on <see cref="Days"/>, from <see cref="Start"/> to <see cref="End"/> (host
/// local time), background jobs share <see cref="Limit"/> instead of the policy's BackgroundBandwidth. An end before the
/// start runs past midnight into the next day. Text form: <c>Mon-Fri 08:00-17:00 1M</c> (see <see cref="BandwidthSchedule"/>).
/// </summary>
public sealed record BandwidthRule
{
    /// <summary>The days on which the window starts.</summary>
    public required ScheduleDays Days { get; init; }

    /// <summary>When the window starts, from midnight: 00:00 to 23:59, whole minutes.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>When the window ends, from midnight: 00:00 to 24:00, whole minutes; before <see cref="Start"/>, it ends the next day.</summary>
    public required TimeSpan End { get; init; }

    /// <summary>
    /// Bytes per second that background jobs share inside the window; <see langword="null"/> for no limit, 0 to hold them
    /// (they wait in Queued until the window ends).
    /// </summary>
    public long? Limit { get; init; }

    /// <summary>The rule's text form, e.g. <c>Mon-Fri 08:00-17:00 1M</c>.</summary>
    public override string ToString() => BandwidthSchedule.Format(this);
}
