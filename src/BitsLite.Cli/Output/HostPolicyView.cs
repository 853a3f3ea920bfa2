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
            + $"Max active jobs:      {policy.MaxActiveJobs.ToString(CultureInfo.InvariantCulture)}{Environment.NewLine}";
    }
}
