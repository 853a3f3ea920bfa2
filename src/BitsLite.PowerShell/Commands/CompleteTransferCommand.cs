using System.Management.Automation;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Complete-Transfer: commits Transferred transfers: their files move atomically to their destinations and the
/// transfers become Acknowledged.
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "Transfer", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class CompleteTransferCommand : TransferTargetCmdlet
{
    /// <summary>Write the completed transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        if (ShouldProcess(Describe(transfer), "Complete transfer") && TryAwait(ct => Client.CompleteAsync(transfer.Id, ct), transfer.Id, out var completed) && PassThru)
        {
            WriteObject(new Transfer(completed));
        }
    }
}
