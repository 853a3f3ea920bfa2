using System.Diagnostics.CodeAnalysis;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Builds the change for <c>bitslite policy set</c>, refusing an empty change, an out-of-range job count, or a schedule
/// both given and cleared.
/// </summary>
internal static class HostPolicyChangeBuilder
{
    public const int MaxActiveJobsLimit = 64;

    /// <summary>The values of <c>--network-cost</c>.</summary>
    public const string NetworkCostNames = "auto|metered|unmetered";

    /// <param name="backgroundBandwidth">Bytes per second; 0 removes the limit.</param>
    /// <param name="maxActiveJobs">Jobs that may transfer at once, 1 to 64.</param>
    /// <param name="networkCost">The network cost override; Auto asks the system again.</param>
    /// <param name="schedule">A new bandwidth schedule (<c>--schedule</c>), replacing the one set.</param>
    /// <param name="clearSchedule">Remove the bandwidth schedule (<c>--clear-schedule</c>).</param>
    public static HostPolicyChange Build(
        long? backgroundBandwidth, int? maxActiveJobs, NetworkCostOverride? networkCost = null, IReadOnlyList<BandwidthRule>? schedule = null, bool clearSchedule = false)
    {
        if (backgroundBandwidth is null && maxActiveJobs is null && networkCost is null && schedule is null && !clearSchedule)
        {
            throw CliException.Usage("nothing to change; give --background-bandwidth, --max-active-jobs, --network-cost, --schedule and/or --clear-schedule");
        }

        if (schedule is not null && clearSchedule)
        {
            throw CliException.Usage("--schedule and --clear-schedule cannot be used together; --schedule replaces the schedule set");
        }

        if (maxActiveJobs is < 1 or > MaxActiveJobsLimit)
        {
            throw CliException.Usage($"--max-active-jobs must be 1 to {MaxActiveJobsLimit}, not {maxActiveJobs}");
        }

        return new HostPolicyChange
        {
            BackgroundBandwidth = backgroundBandwidth,
            MaxActiveJobs = maxActiveJobs,
            NetworkCostOverride = networkCost,
            BandwidthSchedule = clearSchedule ? [] : schedule,
        };
    }

    /// <summary>Parses <c>auto</c>, <c>metered</c> or <c>unmetered</c> (any case); numbers are refused.</summary>
    public static bool TryParseNetworkCost(string? text, out NetworkCostOverride networkCost, [NotNullWhen(false)] out string? error)
    {
        var value = (text ?? "").Trim();
        foreach (var candidate in Enum.GetValues<NetworkCostOverride>())
        {
            if (value.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                networkCost = candidate;
                error = null;
                return true;
            }
        }

        networkCost = default;
        error = $"'{text}' is not a network cost; use {NetworkCostNames}";
        return false;
    }
}
