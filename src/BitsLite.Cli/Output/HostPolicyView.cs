using System.Globalization;
using System.Text;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Output;

/// <summary>The text of <c>bitslite policy</c>.</summary>
internal static class HostPolicyView
{
    private const string Indent = "                      ";

    public static string Render(HostPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Background bandwidth: {ByteSizeFormatter.FormatLimit(policy.BackgroundBandwidth)}{Environment.NewLine}");
        if (policy.BandwidthSchedule is { Count: > 0 } rules)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                text.Append(i == 0 ? "Bandwidth schedule:   " : Indent).Append(BandwidthSchedule.Format(rules[i])).Append(Environment.NewLine);
            }

            text.Append(CultureInfo.InvariantCulture, $"In force now:         {InForce(policy)}{Environment.NewLine}");
        }
        else
        {
            text.Append("Bandwidth schedule:   none").Append(Environment.NewLine);
        }

        text.Append(CultureInfo.InvariantCulture, $"Max active jobs:      {policy.MaxActiveJobs.ToString(CultureInfo.InvariantCulture)}{Environment.NewLine}");
        text.Append(CultureInfo.InvariantCulture, $"Max files per job:    {Limit(policy.MaxFilesPerJob)}{Environment.NewLine}");
        text.Append(CultureInfo.InvariantCulture, $"Max jobs per user:    {Limit(policy.MaxJobsPerUser)}{Environment.NewLine}");
        text.Append(CultureInfo.InvariantCulture, $"Max connections/file: {Limit(policy.MaxConnectionsPerFile)}{Environment.NewLine}");
        text.Append(CultureInfo.InvariantCulture, $"Network cost:         {NetworkCost(policy)}{Environment.NewLine}");
        return text.ToString();
    }

    /// <summary>"1,000"; a host older than these limits sends none (0).</summary>
    private static string Limit(int value) => value > 0 ? value.ToString("N0", CultureInfo.InvariantCulture) : "? (the host is older than this limit)";

    /// <summary>"1.00 MiB/s until Mon 17:00", "0 (background jobs wait) until Sat 10:00", "none".</summary>
    public static string InForce(HostPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var limit = policy.EffectiveBackgroundBandwidth == 0 ? "0 (background jobs wait)" : ByteSizeFormatter.FormatLimit(policy.EffectiveBackgroundBandwidth);
        return policy.EffectiveBackgroundBandwidthUntil is { } until
            ? $"{limit} until {until.ToString("ddd HH:mm", CultureInfo.InvariantCulture)}"
            : limit;
    }

    /// <summary>"auto: metered", "auto: unknown (counts as unmetered)", "metered (override; the system says unmetered)".</summary>
    public static string NetworkCost(HostPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var observed = policy.NetworkCost switch
        {
            Protocol.Hosting.NetworkCost.Metered => "metered",
            Protocol.Hosting.NetworkCost.Unmetered => "unmetered",
            _ => "unknown",
        };
        return policy.NetworkCostOverride switch
        {
            NetworkCostOverride.Metered => $"metered (override; the system says {observed})",
            NetworkCostOverride.Unmetered => $"unmetered (override; the system says {observed})",
            _ when policy.NetworkCost == Protocol.Hosting.NetworkCost.Unknown => "auto: unknown (counts as unmetered)",
            _ => $"auto: {observed}",
        };
    }
}
