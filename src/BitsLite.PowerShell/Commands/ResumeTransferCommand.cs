using System.Management.Automation;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Resume-Transfer: queues suspended or failed transfers again. Like Resume-BitsTransfer it waits, with a progress
/// bar, until each is Transferred or fails, unless -Asynchronous; it does not complete them.
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "Transfer", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class ResumeTransferCommand : TransferTargetCmdlet
{
    /// <summary>Return at once instead of waiting for each transfer.</summary>
    [Parameter]
    public SwitchParameter Asynchronous { get; set; }

    /// <summary>Write the transfers to the pipeline (after the wait, unless -Asynchronous).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        if (!ShouldProcess(Describe(transfer), "Resume transfer") || !TryAwait(ct => Client.ResumeAsync(transfer.Id, ct), transfer.Id, out var resumed))
        {
            return;
        }

        var result = Asynchronous ? resumed : WaitWithProgress(resumed)!;
        if (result.State == TransferState.Error && !Asynchronous)
        {
            WriteError(TransferFailed(result));
        }

        if (PassThru)
        {
            WriteObject(new Transfer(result));
        }
    }
}
