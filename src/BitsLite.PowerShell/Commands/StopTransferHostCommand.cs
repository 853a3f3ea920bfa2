using System.Management.Automation;
using BitsLite.Client;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Stop-TransferHost: stops the background host after it checkpoints every transfer; running transfers continue
/// from there when a host starts again (the next cmdlet starts one).
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "TransferHost", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class StopTransferHostCommand : TransferHostCmdlet
{
    /// <summary>Asks a running host to stop and waits until it has.</summary>
    protected override void ProcessRecord()
    {
        var host = CurrentHost();
        if (!host.IsRunning)
        {
            WriteVerbose($"No BitsLite host is running (socket '{host.Socket}').");
            return;
        }

        if (!ShouldProcess($"BitsLite host (process {host.ProcessId})", "Stop"))
        {
            return;
        }

        Await(async ct =>
        {
            var client = await BitsLiteClient.TryConnectAsync(ClientOptions(autoStart: false), ct).ConfigureAwait(false);
            if (client is not null)
            {
                await using (client.ConfigureAwait(false))
                {
                    await client.StopHostAsync(ct).ConfigureAwait(false);
                }
            }

            return true;
        });
    }
}
