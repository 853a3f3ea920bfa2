using System.Globalization;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Policy;

/// <summary>
/// Reads and writes <see cref="HostPolicy"/> as rows of the store's settings table. Values the user never set
/// are absent, so the engine's options supply them and a changed default reaches old stores.
/// </summary>
internal static class PolicySettings
{
    /// <summary>The most jobs that may transfer at once; beyond this, slots only add contention.</summary>
    public const int MaxActiveJobsLimit = 64;

    private const string BackgroundBandwidth = "background_bandwidth";
    private const string MaxActiveJobs = "max_active_jobs";
    private const string MaxFilesPerJob = "max_files_per_job";
    private const string MaxJobsPerUser = "max_jobs_per_user";
    private const string MaxConnectionsPerFile = "max_connections_per_file";
    private const string CostOverride = "network_cost_override";
    private const string Schedule = "bandwidth_schedule";
    private const string Unlimited = "unlimited";

    /// <summary>The stored policy, with the options' values where nothing is stored.</summary>
    public static HostPolicy Load(JobStore store, TransferEngineOptions defaults)
    {
        var stored = store.LoadSettings();
        return new HostPolicy
        {
            BackgroundBandwidth = stored.TryGetValue(BackgroundBandwidth, out var bandwidth)
                ? bandwidth == Unlimited ? null : long.Parse(bandwidth, CultureInfo.InvariantCulture)
                : defaults.BackgroundBandwidth,
            MaxActiveJobs = stored.TryGetValue(MaxActiveJobs, out var slots)
                ? int.Parse(slots, CultureInfo.InvariantCulture)
                : defaults.MaxActiveJobs,
            MaxFilesPerJob = Limit(stored, MaxFilesPerJob, HostPolicyRules.MaxFilesPerJobLimit, defaults.MaxFilesPerJob),
            MaxJobsPerUser = Limit(stored, MaxJobsPerUser, HostPolicyRules.MaxJobsPerUserLimit, defaults.MaxJobsPerOwner),
            MaxConnectionsPerFile = Limit(stored, MaxConnectionsPerFile, HostPolicyRules.MaxConnectionsPerFileLimit, defaults.MaxConnectionsPerFile),

            // A value this version does not know (written by a newer one) falls back to asking the system.
            NetworkCostOverride = stored.TryGetValue(CostOverride, out var cost)
                && Enum.TryParse<NetworkCostOverride>(cost, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : NetworkCostOverride.Auto,

            // Kept in its text form; one this version cannot read (written by a newer one) counts as none.
            BandwidthSchedule = stored.TryGetValue(Schedule, out var schedule) && BandwidthSchedule.TryParse(schedule, out var rules, out _)
                ? rules
                : null,
        };
    }

    /// <summary>Validates <paramref name="change"/>, saves what it sets, and returns the policy that results.</summary>
    /// <exception cref="TransferException">A value out of range; nothing is saved.</exception>
    public static HostPolicy Apply(JobStore store, HostPolicy current, HostPolicyChange change)
    {
        if (change.BackgroundBandwidth is < 0)
        {
            throw new TransferException(TransferErrorCode.InvalidArgument, "BackgroundBandwidth must be a positive number of bytes per second, or 0 for no limit.");
        }

        if (change.MaxActiveJobs is < 1 or > MaxActiveJobsLimit)
        {
            throw new TransferException(TransferErrorCode.InvalidArgument, $"MaxActiveJobs must be between 1 and {MaxActiveJobsLimit}.");
        }

        if (HostPolicyRules.Problem(change) is { } outOfRange)
        {
            throw new TransferException(TransferErrorCode.InvalidArgument, outOfRange);
        }

        if (change.NetworkCostOverride is { } invalid && !Enum.IsDefined(invalid))
        {
            throw new TransferException(TransferErrorCode.InvalidArgument, "NetworkCostOverride must be Auto, Metered or Unmetered.");
        }

        if (change.BandwidthSchedule is { } given && BandwidthSchedule.Validate(given) is { } problem)
        {
            throw new TransferException(TransferErrorCode.InvalidArgument, problem);
        }

        var rows = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = current;
        if (change.BackgroundBandwidth is { } limit)
        {
            result = result with { BackgroundBandwidth = limit == 0 ? null : limit };
            rows[BackgroundBandwidth] = limit == 0 ? Unlimited : limit.ToString(CultureInfo.InvariantCulture);
        }

        if (change.MaxActiveJobs is { } slots)
        {
            result = result with { MaxActiveJobs = slots };
            rows[MaxActiveJobs] = slots.ToString(CultureInfo.InvariantCulture);
        }

        if (change.MaxFilesPerJob is { } files)
        {
            result = result with { MaxFilesPerJob = files };
            rows[MaxFilesPerJob] = files.ToString(CultureInfo.InvariantCulture);
        }

        if (change.MaxJobsPerUser is { } jobs)
        {
            result = result with { MaxJobsPerUser = jobs };
            rows[MaxJobsPerUser] = jobs.ToString(CultureInfo.InvariantCulture);
        }

        if (change.MaxConnectionsPerFile is { } connections)
        {
            result = result with { MaxConnectionsPerFile = connections };
            rows[MaxConnectionsPerFile] = connections.ToString(CultureInfo.InvariantCulture);
        }

        if (change.NetworkCostOverride is { } cost)
        {
            result = result with { NetworkCostOverride = cost };
            rows[CostOverride] = cost == NetworkCostOverride.Auto ? null : cost.ToString();
        }

        if (change.BandwidthSchedule is { } rules)
        {
            result = result with { BandwidthSchedule = rules.Count == 0 ? null : [.. rules] };
            rows[Schedule] = rules.Count == 0 ? null : BandwidthSchedule.Format(rules);
        }

        store.SaveSettings(rows);
        return result;
    }

    /// <summary>A stored limit; one that is not a number in range (written by hand, or by a newer version) counts as unset.</summary>
    private static int Limit(Dictionary<string, string> stored, string key, int ceiling, int fallback) =>
        stored.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= ceiling
            ? value
            : fallback;
}
