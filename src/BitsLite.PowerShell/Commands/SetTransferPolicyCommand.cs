using System.Management.Automation;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.PowerShell.Commands;

/// <summary>Set-TransferPolicy: changes the host-wide rules; running transfers follow within a second.</summary>
[Cmdlet(VerbsCommon.Set, "TransferPolicy", SupportsShouldProcess = true)]
[OutputType(typeof(HostPolicy))]
public sealed class SetTransferPolicyCommand : TransferCmdlet
{
    /// <summary>The limit all background transfers (every priority but Foreground) share, in bytes per second; 0 removes it.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long BackgroundBandwidth { get; set; }

    /// <summary>How many transfers may run at the same time (1 to 64).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int MaxActiveJobs { get; set; }

    /// <summary>
    /// Auto (ask the system: NetworkManager on Linux), or Metered / Unmetered to fix the answer; transfers whose
    /// TransferPolicy is Unmetered wait while the network counts as metered.
    /// </summary>
    [Parameter]
    public NetworkCostOverride NetworkCost { get; set; }

    /// <summary>Write the new policy to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Sends the change.</summary>
    protected override void ProcessRecord()
    {
        var change = new HostPolicyChange
        {
            BackgroundBandwidth = IsBound(nameof(BackgroundBandwidth)) ? BackgroundBandwidth : null,
            MaxActiveJobs = IsBound(nameof(MaxActiveJobs)) ? MaxActiveJobs : null,
            NetworkCostOverride = IsBound(nameof(NetworkCost)) ? NetworkCost : null,
        };
        if (change == new HostPolicyChange())
        {
            ThrowTerminatingError(InvalidArgument(new TransferException(TransferErrorCode.InvalidArgument, "Nothing to change: give -BackgroundBandwidth, -MaxActiveJobs or -NetworkCost.")));
        }

        if (ShouldProcess("BitsLite host policy", "Set") && TryAwait(ct => Client.SetPolicyAsync(change, ct), change, out var policy) && PassThru)
        {
            WriteObject(policy);
        }
    }
}
