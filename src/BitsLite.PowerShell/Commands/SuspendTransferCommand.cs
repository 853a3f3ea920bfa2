using System.Management.Automation;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Suspend-Transfer: pauses transfers; bytes on disk are kept and Resume-Transfer continues from them.</summary>
[Cmdlet(VerbsLifecycle.Suspend, "Transfer", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class SuspendTransferCommand : TransferTargetCmdlet
{
    /// <summary>Write the suspended transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        if (ShouldProcess(Describe(transfer), "Suspend transfer") && TryAwait(ct => Client.SuspendAsync(transfer.Id, ct), transfer.Id, out var suspended) && PassThru)
        {
            WriteObject(new Transfer(suspended));
        }
    }
}
