using System.CommandLine;
using System.Diagnostics;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Client.Hosting;
using BitsLite.Protocol.Errors;

namespace BitsLite.Cli.Commands;

/// <summary>
/// <c>bitslite host status|start|stop|register|unregister|registration</c>: the background process itself.
/// Only <c>start</c> may start a host; <c>status</c> and <c>stop</c> merely look for one.
/// </summary>
internal static class HostCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(CliContext context)
    {
        var command = new Command("host", "The background host that runs the jobs: status, start, stop, and starting it at logon.")
        {
            CreateStatus(context),
            CreateStart(context),
            CreateStop(context),
            CreateRegistration(context, "register", "Start the host at logon (a user service or login item), so jobs carry on after a reboot without any command."),
            CreateRegistration(context, "unregister", "Stop starting the host at logon."),
            CreateRegistration(context, "registration", "Show whether the host starts at logon."),
        };
        return command;
    }

    /// <summary>Options that only look for a running host, never start one.</summary>
    private static BitsLiteClientOptions Inspecting(CliContext context) => context.ClientOptions with { AutoStart = false };

    private static Command CreateStatus(CliContext context)
    {
        var json = CommonOptions.Json("the status ({\"running\": …, \"socket\": …, \"host\": …})");
        var command = new Command("status", $"Show whether the host runs, and what it says about itself. Does not start it; exits {ExitCodes.HostUnavailable} when it is not running.")
        {
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var options = Inspecting(context);
            await using var client = await BitsLiteClient.TryConnectAsync(options, cancellationToken).ConfigureAwait(false);
            var status = client is null ? null : await client.GetHostStatusAsync(cancellationToken).ConfigureAwait(false);
            var report = new HostStatusReport(status is not null, options.Paths.Socket, status);
            context.Console.Write(result.GetValue(json)
                ? JsonOutput.HostStatus(report)
                : HostStatusView.Render(report, context.Time.GetUtcNow(), context.TimeZone));
            return status is null ? ExitCodes.HostUnavailable : ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateStart(CliContext context)
    {
        var command = new Command("start", "Start the host if it is not running (any command that needs it does so too).");
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var running = await BitsLiteClient.TryConnectAsync(Inspecting(context), cancellationToken).ConfigureAwait(false);
            var wasRunning = running is not null;
            await using var client = running ?? await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var status = await client.GetHostStatusAsync(cancellationToken).ConfigureAwait(false);
            context.Console.WriteLine(wasRunning
                ? $"The host is already running (process {status.ProcessId}, {client.HostVersion})."
                : $"Started the host (process {status.ProcessId}, {client.HostVersion}).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateStop(CliContext context)
    {
        var command = new Command("stop", "Ask the host to save its progress and exit. Unfinished jobs resume when it next starts (any command starts it).");
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            int processId;
            await using (var client = await BitsLiteClient.TryConnectAsync(Inspecting(context), cancellationToken).ConfigureAwait(false))
            {
                if (client is null)
                {
                    context.Console.WriteLine("The host is not running.");
                    return ExitCodes.Success;
                }

                processId = (await client.GetHostStatusAsync(cancellationToken).ConfigureAwait(false)).ProcessId;
                await client.StopHostAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!await WaitForExitAsync(processId, cancellationToken).ConfigureAwait(false))
            {
                throw new TransferException(TransferErrorCode.HostUnavailable,
                    $"Asked the host (process {processId}) to stop, but it is still running after {StopTimeout.TotalSeconds:0} s; its log may say why.");
            }

            context.Console.WriteLine($"Stopped the host (process {processId}).");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Waits for the host's process to end, so that 'host stop &amp;&amp; host start' is safe.</summary>
    private static async Task<bool> WaitForExitAsync(int processId, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return true;
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private static Command CreateRegistration(CliContext context, string verb, string description)
    {
        var command = new Command(verb, description + " Runs 'bitslite-host " + verb + "' and exits with its exit code (0 on success).");
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var (exitCode, output) = await HostRegistration.RunAsync(verb, context.ClientOptions, cancellationToken).ConfigureAwait(false);
            if (exitCode == 0)
            {
                context.Console.Write(output);
            }
            else
            {
                context.Console.WriteError(output);
            }

            return exitCode;
        });
        return command;
    }
}
