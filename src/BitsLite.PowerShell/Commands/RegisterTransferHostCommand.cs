using System.Management.Automation;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Register-TransferHost: makes the host start at logon (a systemd user unit on Linux, a LaunchAgent on macOS, a
/// scheduled task on Windows), so transfers continue after a reboot without anyone running a command.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "TransferHost", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
public sealed class RegisterTransferHostCommand : TransferHostCmdlet
{
    /// <summary>Installs the registration and writes what was done.</summary>
    protected override void ProcessRecord()
    {
        if (ShouldProcess("BitsLite host", "Register to start at logon"))
        {
            WriteObject(RunRegistration("register"));
        }
    }
}
