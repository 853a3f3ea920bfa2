using System.Management.Automation;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Get-TransferHost: shows whether the background host runs and its status (it does not start one); with
/// -Registration, whether it starts at logon.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TransferHost", DefaultParameterSetName = StatusSet)]
[OutputType(typeof(TransferHost), ParameterSetName = [StatusSet])]
[OutputType(typeof(string), ParameterSetName = [RegistrationSet])]
public sealed class GetTransferHostCommand : TransferHostCmdlet
{
    private const string StatusSet = "Status";
    private const string RegistrationSet = "Registration";

    /// <summary>Show how the host is registered to start at logon (systemd user unit, LaunchAgent or scheduled task).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RegistrationSet)]
    public SwitchParameter Registration { get; set; }

    /// <summary>Writes the status or the registration.</summary>
    protected override void ProcessRecord() =>
        WriteObject(Registration ? RunRegistration("registration") : CurrentHost());
}
