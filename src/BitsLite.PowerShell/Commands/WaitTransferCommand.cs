using System.Management.Automation;
using BitsLite.PowerShell.Errors;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Wait-Transfer: waits, with a progress bar, until transfers are Transferred, in Error, Suspended, Acknowledged or
/// Cancelled, and writes them. It does not complete them.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "Transfer", DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class WaitTransferCommand : TransferTargetCmdlet
{
    private long _started;

    /// <summary>Seconds to wait in all, for every transfer together; default forever (-1).</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    /// <summary>Starts the clock for -Timeout.</summary>
    protected override void BeginProcessing() => _started = TimeProvider.System.GetTimestamp();

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        TimeSpan? left = Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout) - TimeProvider.System.GetElapsedTime(_started);
        if (left is { } l && l < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        // With no time left, the wait still reads the transfer once: one that has settled is written, not timed out.
        var settled = WaitWithProgress(transfer, left);
        if (settled is null)
        {
            WriteError(new ErrorRecord(
                new TimeoutException($"Transfer '{transfer.Options.DisplayName}' ({transfer.Id}) was still {Await(ct => Client.GetAsync(transfer.Id, ct)).State} after {Timeout} s; it keeps running."),
                TransferErrorCategories.WaitTimedOut,
                ErrorCategory.OperationTimeout,
                new Transfer(transfer)));
            return;
        }

        WriteObject(new Transfer(settled));
    }
}
