using System.Globalization;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Output;

/// <summary>The text of <c>bitslite policy</c>.</summary>
internal static class HostPolicyView
{
    public static string Render(HostPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return $"Background bandwidth: {ByteSizeFormatter.FormatLimit(policy.BackgroundBandwidth)}{Environment.NewLine}"
            + $"Max active jobs:      {policy.MaxActiveJobs.ToString(CultureInfo.InvariantCulture)}{Environment.NewLine}"
            + $"Network cost:         {NetworkCost(policy)}{Environment.NewLine}";
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
