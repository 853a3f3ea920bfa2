using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite set ID [options]</c>: change a job's settings.</summary>
internal static class SetCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.Id();
        var settings = new JobSettingsOptions("normal", forChange: true, context.CurrentDirectory);
        var json = CommonOptions.Json("the changed job");
        var command = new Command("set", "Change a job's settings: name, description, priority, limits, retry times, headers, credentials, proxy, notification, network, upload method. A limit of 0 (or none) removes it.")
        {
            id,
            json,
        };
        settings.AddTo(command);
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var change = settings.ReadChange(result, context, cancellationToken);
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var transferId = await TransferLookup.ResolveAsync(client, result.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            var job = await client.SetAsync(transferId, change, cancellationToken).ConfigureAwait(false);
            context.Console.Write(result.GetValue(json) ? JsonOutput.Transfer(job) : TransferDetailsView.Render(job, context.TimeZone));
            return ExitCodes.Success;
        });
        return command;
    }
}
