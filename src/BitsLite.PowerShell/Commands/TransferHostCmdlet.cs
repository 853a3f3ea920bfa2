using System.Management.Automation;
using BitsLite.Client;
using BitsLite.Client.Hosting;
using BitsLite.Protocol.Errors;

namespace BitsLite.PowerShell.Commands;

/// <summary>A cmdlet about the host itself: none of them starts a host unless that is what it is for.</summary>
public abstract class TransferHostCmdlet : TransferCmdlet
{
    /// <summary>Runs one of the host's registration verbs; a failure ends the command with the host's own words.</summary>
    private protected string RunRegistration(string verb)
    {
        (int ExitCode, string Output) result;
        try
        {
            result = Await(ct => HostRegistration.RunAsync(verb, ClientOptions(autoStart: false), ct));
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(ErrorRecordFor(ex, verb));
            throw;
        }

        var output = result.Output.TrimEnd();
        if (result.ExitCode != 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"bitslite-host {verb} failed (exit {result.ExitCode}): {output}"),
                "HostRegistrationFailed",
                ErrorCategory.InvalidOperation,
                verb));
        }

        return output;
    }

    /// <summary>The running host's status, or <see langword="null"/> when none runs (never starts one).</summary>
    private protected TransferHost CurrentHost()
    {
        var options = ClientOptions(autoStart: false);
        var status = Await(async ct =>
        {
            var client = await BitsLiteClient.TryConnectAsync(options, ct).ConfigureAwait(false);
            if (client is null)
            {
                return null;
            }

            await using (client.ConfigureAwait(false))
            {
                return await client.GetHostStatusAsync(ct).ConfigureAwait(false);
            }
        });
        return new TransferHost(options.Paths.Socket, status);
    }
}
