using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// <c>suspend</c>, <c>resume</c>, <c>complete</c> and <c>cancel</c>: one operation on one or more jobs. Every id is
/// resolved before anything changes; then each job is changed in turn, a failure is reported and the rest
/// still go ahead, and the exit code is that of the first failure.
/// </summary>
internal static class StateChangeCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Create(context, "suspend", "Pause jobs, keeping their progress; 'bitslite resume' continues them.", "Suspended",
            (client, id, ct) => client.SuspendAsync(id, ct));
        yield return Create(context, "resume", "Queue suspended or failed jobs again (after an Error, fix the cause first).", "Resumed",
            (client, id, ct) => client.ResumeAsync(id, ct));
        yield return Create(context, "complete", "Move the files of Transferred jobs to their destinations (the files appear only now).", "Completed",
            (client, id, ct) => client.CompleteAsync(id, ct));
        yield return Create(context, "cancel", "Cancel jobs and delete their temporary files. Files already completed stay.", "Cancelled",
            (client, id, ct) => client.CancelAsync(id, ct));
    }

    private static Command Create(CliContext context, string name, string description, string done,
        Func<BitsLiteClient, Guid, CancellationToken, Task<TransferInfo>> change)
    {
        var ids = CommonOptions.Ids();
        var json = CommonOptions.Json("the changed jobs (an array)");
        var command = new Command(name, description)
        {
            ids,
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var resolved = await TransferLookup.ResolveAsync(client, result.GetValue(ids) ?? [], cancellationToken).ConfigureAwait(false);
            var changed = new List<TransferInfo>();
            var exitCode = ExitCodes.Success;
            foreach (var id in resolved.Distinct())
            {
                try
                {
                    var job = await change(client, id, cancellationToken).ConfigureAwait(false);
                    changed.Add(job);
                    if (!asJson)
                    {
                        context.Console.Write(Describe(done, job));
                    }
                }
                catch (TransferException ex) when (ex.Code is not (TransferErrorCode.HostUnavailable or TransferErrorCode.ProtocolMismatch))
                {
                    context.Console.Fail(ex.Message);
                    exitCode = exitCode == ExitCodes.Success ? ExitCodes.For(ex.Code) : exitCode;
                }
            }

            if (asJson)
            {
                context.Console.Write(JsonOutput.Transfers(changed));
            }

            return exitCode;
        });
        return command;
    }

    /// <summary>"Suspended 'isos' (0f8fad5b): Suspended, …"; for a completed job, also where its files are.</summary>
    public static string Describe(string done, TransferInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State == TransferState.Acknowledged
            ? TransferCommand.CompletedText(job, elapsed: null)
            : $"{done} {TransferText.Summary(job)}{Environment.NewLine}";
    }
}
