using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite info ID</c>: every property of one job, and its files.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.Id();
        var json = CommonOptions.Json("the job");
        var command = new Command("info", "Show every property of a job and its files.")
        {
            id,
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var transferId = await TransferLookup.ResolveAsync(client, result.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            var job = await client.GetAsync(transferId, cancellationToken).ConfigureAwait(false);
            context.Console.Write(result.GetValue(json) ? JsonOutput.Transfer(job) : TransferDetailsView.Render(job, context.TimeZone));
            return ExitCodes.Success;
        });
        return command;
    }
}
