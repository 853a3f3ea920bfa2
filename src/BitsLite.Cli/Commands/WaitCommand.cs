using System.CommandLine;
using System.Globalization;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// <c>bitslite wait ID</c>: block until the job settles. Exit code 0 when it is Transferred or Acknowledged,
/// 1 otherwise (Error, Suspended, Cancelled). Does not complete the job.
/// </summary>
internal static class WaitCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.Id();
        var progress = new Option<bool>("--progress") { Description = "Show a progress line on standard error while waiting." };
        var json = CommonOptions.Json("the job as it settled");
        var command = new Command("wait", "Wait until a job is Transferred (exit 0) or needs attention: Error, Suspended or Cancelled (exit 1). Does not complete it.")
        {
            id,
            progress,
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var transferId = await TransferLookup.ResolveAsync(client, result.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            TransferInfo job;
            try
            {
                job = await JobWatcher.WaitAsync(context, client, transferId, result.GetValue(progress), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Console.Message($"Interrupted. The job keeps running; 'bitslite info {transferId.ToString("D", CultureInfo.InvariantCulture)}' shows it.");
                return ExitCodes.Interrupted;
            }

            var succeeded = job.State is TransferState.Transferred or TransferState.Acknowledged;
            if (result.GetValue(json))
            {
                context.Console.Write(JsonOutput.Transfer(job));
            }
            else
            {
                context.Console.WriteLine(TransferText.Summary(job));
            }

            if (job.State == TransferState.Error)
            {
                context.Console.Fail($"the job '{job.Options.DisplayName}' failed: {(job.Error is { } error ? TransferText.Error(error) : "no error was reported")}");
            }

            if (TransferText.NextStep(job) is { } next)
            {
                context.Console.Message("Next: " + next + ".");
            }

            return succeeded ? ExitCodes.Success : ExitCodes.TransferFailed;
        });
        return command;
    }
}
