using System.Diagnostics.CodeAnalysis;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Builds the change for <c>bitslite policy set</c>, refusing an empty change, an out-of-range job or file count, or a
/// schedule both given and cleared.
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
    /// <param name="maxFilesPerJob">The most files per job (<c>--max-files-per-job</c>).</param>
    /// <param name="maxJobsPerUser">The most live jobs per user (<c>--max-jobs-per-user</c>).</param>
    /// <param name="maxConnectionsPerFile">The most connections per file (<c>--max-connections-per-file</c>).</param>
    public static HostPolicyChange Build(
        long? backgroundBandwidth,
        int? maxActiveJobs,
        NetworkCostOverride? networkCost = null,
        IReadOnlyList<BandwidthRule>? schedule = null,
        bool clearSchedule = false,
        int? maxFilesPerJob = null,
        int? maxJobsPerUser = null,
        int? maxConnectionsPerFile = null)
    {
        if (backgroundBandwidth is null && maxActiveJobs is null && networkCost is null && schedule is null && !clearSchedule && maxFilesPerJob is null && maxJobsPerUser is null
            && maxConnectionsPerFile is null)
        {
            throw CliException.Usage(
                "nothing to change; give --background-bandwidth, --max-active-jobs, --max-files-per-job, --max-jobs-per-user, --max-connections-per-file, --network-cost, --schedule and/or --clear-schedule");
        }

        if (schedule is not null && clearSchedule)
        {
            throw CliException.Usage("--schedule and --clear-schedule cannot be used together; --schedule replaces the schedule set");
        }

        if (maxActiveJobs is < 1 or > MaxActiveJobsLimit)
        {
            throw CliException.Usage($"--max-active-jobs must be 1 to {MaxActiveJobsLimit}, not {maxActiveJobs}");
        }

        if (maxFilesPerJob is < 1 or > HostPolicyRules.MaxFilesPerJobLimit)
        {
            throw CliException.Usage($"--max-files-per-job must be 1 to {HostPolicyRules.MaxFilesPerJobLimit}, not {maxFilesPerJob}");
        }

        if (maxJobsPerUser is < 1 or > HostPolicyRules.MaxJobsPerUserLimit)
        {
            throw CliException.Usage($"--max-jobs-per-user must be 1 to {HostPolicyRules.MaxJobsPerUserLimit}, not {maxJobsPerUser}");
        }

        if (maxConnectionsPerFile is < 1 or > HostPolicyRules.MaxConnectionsPerFileLimit)
        {
            throw CliException.Usage($"--max-connections-per-file must be 1 to {HostPolicyRules.MaxConnectionsPerFileLimit}, not {maxConnectionsPerFile}");
        }

        return new HostPolicyChange
        {
            BackgroundBandwidth = backgroundBandwidth,
            MaxActiveJobs = maxActiveJobs,
            MaxFilesPerJob = maxFilesPerJob,
            MaxJobsPerUser = maxJobsPerUser,
            MaxConnectionsPerFile = maxConnectionsPerFile,
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
