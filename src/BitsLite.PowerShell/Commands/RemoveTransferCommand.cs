using System.Management.Automation;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Remove-Transfer: cancels transfers and deletes their temporary files; destinations already in place stay.</summary>
[Cmdlet(VerbsCommon.Remove, "Transfer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class RemoveTransferCommand : TransferTargetCmdlet
{
    /// <summary>Write the cancelled transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        if (ShouldProcess(Describe(transfer), "Remove transfer") && TryAwait(ct => Client.CancelAsync(transfer.Id, ct), transfer.Id, out var cancelled) && PassThru)
        {
            WriteObject(new Transfer(cancelled));
        }
    }
}
