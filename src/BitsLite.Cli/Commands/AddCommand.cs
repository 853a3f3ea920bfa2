using System.CommandLine;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Client;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite add ID SOURCE... DEST</c>: add files to a job that is not finished.</summary>
internal static class AddCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.Id();
        var paths = CommonOptions.Paths(2, "Sources (http/https/file URLs or local files), then the destination: a file path for one source, an existing directory for several.");
        var json = CommonOptions.Json("the job");
        var hashes = new HashOptions();
        var command = new Command("add", "Add files to a job that is not finished (Queued, Suspended, Error, even Transferred).")
        {
            id,
            paths,
            json,
        };
        hashes.AddTo(command);
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var operands = result.GetValue(paths) ?? [];
            if (operands.Length == 0)
            {
                throw CliException.Usage("give SOURCE... DEST after the job's id");
            }

            var files = hashes.Apply(result, TransferOperands.Files(operands, context.CurrentDirectory), upload: false, context);
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var transferId = await TransferLookup.ResolveAsync(client, result.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            var job = await client.AddFilesAsync(transferId, files, cancellationToken).ConfigureAwait(false);
            JobOutput.WriteJob(context, job, result.GetValue(json), "Added to");
            return ExitCodes.Success;
        });
        return command;
    }
}
