using System.Management.Automation;
using BitsLite.PowerShell.Requests;
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

    /// <summary>The most files one transfer may have (1 to 10,000; default 200, as in BITS); transfers that have more keep them.</summary>
    [Parameter]
    [ValidateRange(1, HostPolicyRules.MaxFilesPerJobLimit)]
    public int MaxFilesPerJob { get; set; }

    /// <summary>The most live transfers (not completed or removed) one user may have (1 to 100,000; default 300).</summary>
    [Parameter]
    [ValidateRange(1, HostPolicyRules.MaxJobsPerUserLimit)]
    public int MaxJobsPerUser { get; set; }

    /// <summary>The most connections one file of a Foreground or High transfer may use (1 to 16; default 8); 1 keeps every file on one connection.</summary>
    [Parameter]
    [ValidateRange(1, HostPolicyRules.MaxConnectionsPerFileLimit)]
    public int MaxConnectionsPerFile { get; set; }

    /// <summary>
    /// Auto (ask the system: NetworkManager on Linux), or Metered / Unmetered to fix the answer; transfers whose
    /// TransferPolicy is Unmetered wait while the network counts as metered.
    /// </summary>
    [Parameter]
    public NetworkCostOverride NetworkCost { get; set; }

    /// <summary>
    /// A weekly bandwidth schedule for background transfers, replacing the one set, e.g.
    /// <c>"Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k"</c>; outside every rule BackgroundBandwidth applies.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string BandwidthSchedule { get; set; } = "";

    /// <summary>Removes the bandwidth schedule: BackgroundBandwidth applies at all times.</summary>
    [Parameter]
    public SwitchParameter ClearBandwidthSchedule { get; set; }

    /// <summary>Write the new policy to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Sends the change.</summary>
    protected override void ProcessRecord()
    {
        HostPolicyChange change;
        try
        {
            change = PolicyChangeMapper.ToChange(
                IsBound(nameof(BackgroundBandwidth)) ? BackgroundBandwidth : null,
                IsBound(nameof(MaxActiveJobs)) ? MaxActiveJobs : null,
                IsBound(nameof(NetworkCost)) ? NetworkCost : null,
                IsBound(nameof(BandwidthSchedule)) ? BandwidthSchedule : null,
                ClearBandwidthSchedule.IsPresent,
                IsBound(nameof(MaxFilesPerJob)) ? MaxFilesPerJob : null,
                IsBound(nameof(MaxJobsPerUser)) ? MaxJobsPerUser : null,
                IsBound(nameof(MaxConnectionsPerFile)) ? MaxConnectionsPerFile : null);
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(InvalidArgument(ex, GivenParameters()));
            return;
        }

        if (ShouldProcess("BitsLite host policy", "Set") && TryAwait(ct => Client.SetPolicyAsync(change, ct), change, out var policy) && PassThru)
        {
            WriteObject(policy);
        }
    }
}
