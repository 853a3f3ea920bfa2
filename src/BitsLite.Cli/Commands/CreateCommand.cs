using System.CommandLine;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite create SOURCE... DEST</c>: create a job and return at once (it runs in the background).</summary>
internal static class CreateCommand
{
    private static readonly string Description = string.Join(Environment.NewLine,
        "Create a job that runs in the background, and return at once. Its files appear only after 'bitslite complete ID' once it is Transferred.",
        "",
        "Examples:",
        "  bitslite create https://example.com/a.iso /data/ --name isos --priority low",
        "  bitslite create https://example.com/a.iso /data/ --sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "  bitslite create https://example.com/a.iso /data/ --network unmetered --notify /usr/local/bin/fetched --notify-arg isos",
        "  bitslite wait isos --progress && bitslite complete isos",
        "  bitslite create --suspended --name later   (then 'bitslite add later SOURCE... DEST' and 'bitslite resume later')",
        "  bitslite create --upload /data/backup.tar https://backup.example.com/host1/backup.tar --priority low");

    public static Command Create(CliContext context)
    {
        var paths = CommonOptions.Paths(2, "Sources (http/https/file URLs or local files), then the destination: a file path for one source, an existing directory for several. May be left out with --suspended (add files later with 'bitslite add'). With --upload: the local file, then the URL.");
        var settings = new JobSettingsOptions("normal", forChange: false, context.CurrentDirectory);
        var upload = new UploadOptions();
        var hashes = new HashOptions();
        var suspended = new Option<bool>("--suspended") { Description = "Create the job suspended; it starts with 'bitslite resume'." };
        var json = CommonOptions.Json("the new job");
        var command = new Command("create", Description)
        {
            paths,
            suspended,
            json,
        };
        settings.AddTo(command);
        upload.AddTo(command);
        hashes.AddTo(command);
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var operands = result.GetValue(paths) ?? [];
            var isSuspended = result.GetValue(suspended);
            if (operands.Length == 0 && !isSuspended)
            {
                throw CliException.Usage("give SOURCE... DEST, or --suspended to create an empty job and add files later");
            }

            var isUpload = upload.IsUpload(result);
            IReadOnlyList<TransferFileSpec> files = isUpload ? UploadOptions.Files(operands, context.CurrentDirectory)
                : operands.Length == 0 ? [] : TransferOperands.Files(operands, context.CurrentDirectory);
            files = hashes.Apply(result, files, isUpload, context);
            var request = upload.Apply(result, settings.ReadRequest(result, context, files, isSuspended, TransferPriority.Normal, cancellationToken), context.CurrentDirectory);
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var job = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            JobOutput.WriteJob(context, job, result.GetValue(json), "Created");
            return ExitCodes.Success;
        });
        return command;
    }
}
