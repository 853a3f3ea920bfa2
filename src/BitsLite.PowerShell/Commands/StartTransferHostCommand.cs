using System.Management.Automation;

namespace BitsLite.PowerShell.Commands;

/// <summary>Start-TransferHost: starts the background host if none runs (other cmdlets also start it when needed).</summary>
[Cmdlet(VerbsLifecycle.Start, "TransferHost", SupportsShouldProcess = true)]
[OutputType(typeof(TransferHost))]
public sealed class StartTransferHostCommand : TransferHostCmdlet
{
    /// <summary>Write the host's status to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Connects, starting the host when none answers.</summary>
    protected override void ProcessRecord()
    {
        if (!ShouldProcess("BitsLite host", "Start"))
        {
            return;
        }

        var status = Await(ct => Client.GetHostStatusAsync(ct));
        if (PassThru)
        {
            WriteObject(new TransferHost(ClientOptions().Paths.Socket, status));
        }
    }
}
