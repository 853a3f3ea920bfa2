using System.Management.Automation;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Unregister-TransferHost: stops the host from starting at logon. The service manager also stops the host it started;
/// transfers are checkpointed and continue when a host next runs (any cmdlet starts one).
/// </summary>
[Cmdlet(VerbsLifecycle.Unregister, "TransferHost", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(string))]
public sealed class UnregisterTransferHostCommand : TransferHostCmdlet
{
    /// <summary>Removes the registration and writes what was done.</summary>
    protected override void ProcessRecord()
    {
        if (ShouldProcess("BitsLite host", "Unregister from starting at logon"))
        {
            WriteObject(RunRegistration("unregister"));
        }
    }
}
