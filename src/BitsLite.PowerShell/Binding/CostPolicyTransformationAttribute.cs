using System.Management.Automation;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Binding;

/// <summary>
/// Lets -TransferPolicy take BITS' cost-state names as well as BitsLite's own, so that a script written for
/// Start-BitsTransfer binds. BitsLite knows only whether the network is metered, so BITS policies that allow surcharged
/// or usage-based networks become Always, and those that exclude them become Unmetered (docs/bitstransfer.md has the table).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CostPolicyTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly Dictionary<string, TransferCostPolicy> BitsNames = new(StringComparer.OrdinalIgnoreCase)
    {
        // Every cost state, or every one but roaming (which BitsLite cannot tell apart): metered networks too.
        ["NotRoaming"] = TransferCostPolicy.Always,
        ["IgnoreCongestion"] = TransferCostPolicy.Always,

        // Policies that keep away from surcharged or usage-based networks: only unmetered ones.
        ["NoSurcharge"] = TransferCostPolicy.Unmetered,
        ["Standard"] = TransferCostPolicy.Unmetered,
        ["PolicyUnrestricted"] = TransferCostPolicy.Unmetered,
        ["Unrestricted"] = TransferCostPolicy.Unmetered,
    };

    // Single cost states of a custom BITS mask: BitsLite knows metered or not, nothing finer.
    private static readonly HashSet<string> CostStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "None", "Capped", "BelowCap", "NearCap", "OverCapCharged", "OverCapThrottled", "UsageBased", "Roaming",
    };

    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text)
        {
            return inputData;
        }

        var name = text.Trim();
        if (BitsNames.TryGetValue(name, out var policy))
        {
            return policy;
        }

        return CostStates.Contains(name)
            ? throw new ArgumentTransformationMetadataException(
                $"BitsLite cannot tell '{name}' networks from others: it knows only whether a network is metered. Use Always, Unmetered, or a BITS policy such as Standard, NoSurcharge or NotRoaming.")
            : inputData;
    }
}
