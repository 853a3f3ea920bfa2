using System.CommandLine;
using System.Globalization;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client.Progress;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// <c>bitslite transfer SOURCE... DEST</c>: create a job, show its progress, and complete it once every byte is
/// on disk. On Error the job stays for resume or cancel; on Ctrl+C it keeps running in the background.
/// </summary>
internal static class TransferCommand
{
    private static readonly string Description = string.Join(Environment.NewLine,
        "Download files (or upload one) now: create a job, show its progress, and complete it when done (the files appear only then). "
        + "On failure the job is kept for 'resume' or 'cancel'; Ctrl+C leaves it running in the background.",
        "",
        "Examples:",
        "  bitslite transfer https://example.com/a.iso ~/Downloads/",
        "  bitslite transfer https://example.com/a.iso ./a.iso --max-bandwidth 2M --header-file ~/.config/example-token.txt",
        "  bitslite transfer https://example.com/a.iso ~/Downloads/ --sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "  bitslite transfer https://example.com/1.iso https://example.com/2.iso /data/isos --checksums SHA256SUMS",
        "  bitslite transfer https://example.com/1.iso https://example.com/2.iso /data/isos --priority normal --json",
        "  bitslite transfer https://files.example.com/a.iso ./ --user ann   (the password: BITSLITE_PASSWORD, else asked for)",
        "  bitslite transfer --upload ./report.pdf https://uploads.example.com/in/report.pdf",
        "  bitslite transfer --upload-reply ./receipt.xml ./order.xml https://shop.example.com/orders/order.xml");

    public static Command Create(CliContext context)
    {
        var paths = CommonOptions.Paths(2, "One or more sources (http/https/file URLs or local files), then the destination: a file path for one source, an existing directory for several (names come from the URLs). With --upload: the local file, then the URL.");
        var settings = new JobSettingsOptions("foreground", forChange: false, context.CurrentDirectory);
        var upload = new UploadOptions();
        var hashes = new HashOptions();
        var json = CommonOptions.Json("the finished job");
        var command = new Command("transfer", Description)
        {
            paths,
            json,
        };
        settings.AddTo(command);
        upload.AddTo(command);
        hashes.AddTo(command);
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var operands = result.GetValue(paths) ?? [];
            var isUpload = upload.IsUpload(result);
            var files = hashes.Apply(result, isUpload ? UploadOptions.Files(operands, context.CurrentDirectory) : TransferOperands.Files(operands, context.CurrentDirectory), isUpload, context);
            var request = upload.Apply(result, settings.ReadRequest(result, context, files, suspended: false, TransferPriority.Foreground, cancellationToken), context.CurrentDirectory);
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            return await RunAsync(context, client, request, result.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, BitsLiteClient client, TransferRequest request, bool json, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        TransferInfo job;
        try
        {
            job = await client.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The request may have reached the host: say where to look rather than guess.
            context.Console.Message("Interrupted while creating the job; 'bitslite list' shows whether it was created.");
            return ExitCodes.Interrupted;
        }

        var id = job.Id.ToString("D", CultureInfo.InvariantCulture);
        context.Console.Message($"Created job '{job.Options.DisplayName}' ({id}) with {job.FilesTotal.ToString(CultureInfo.InvariantCulture)} file(s).");
        try
        {
            job = await JobWatcher.WaitAsync(context, client, job.Id, showProgress: true, cancellationToken).ConfigureAwait(false);
            if (job.State == TransferState.Transferred)
            {
                job = await CompleteAsync(client, job, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TransferException ex) when (ex.Code == TransferErrorCode.HostUnavailable)
        {
            // The job is safe in the host's store; say how to pick it up again.
            throw new TransferException(ex.Code, $"{ex.Message} The job '{job.Options.DisplayName}' carries on when a host runs again: 'bitslite info {id}' starts one and shows the job.", ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Console.Message($"Interrupted. The job '{job.Options.DisplayName}' keeps running in the background.");
            context.Console.Message($"  Check on it:             bitslite info {id}");
            context.Console.Message($"  Once it is Transferred:  bitslite complete {id}");
            return ExitCodes.Interrupted;
        }

        if (json)
        {
            context.Console.Write(JsonOutput.Transfer(job));
        }

        switch (job.State)
        {
            case TransferState.Acknowledged:
                if (!json)
                {
                    context.Console.Write(CompletedText(job, context.Time.GetElapsedTime(started)));
                }

                return ExitCodes.Success;
            case TransferState.Error:
                context.Console.Fail($"the job '{job.Options.DisplayName}' failed: {(job.Error is { } error ? TransferText.Error(error) : "no error was reported")}");
                context.Console.Message($"The job is kept: fix the cause and run 'bitslite resume {id}', or remove it with 'bitslite cancel {id}'.");
                return ExitCodes.TransferFailed;
            case TransferState.Suspended:
                context.Console.Fail($"the job '{job.Options.DisplayName}' was suspended by another command; 'bitslite resume {id}' continues it.");
                return ExitCodes.TransferFailed;
            default:
                context.Console.Fail($"the job '{job.Options.DisplayName}' ended {job.State}.");
                return ExitCodes.TransferFailed;
        }
    }

    private static async Task<TransferInfo> CompleteAsync(BitsLiteClient client, TransferInfo job, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CompleteAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (TransferException ex) when (ex.Code != TransferErrorCode.HostUnavailable)
        {
            var id = job.Id.ToString("D", CultureInfo.InvariantCulture);
            throw new TransferException(ex.Code, $"every byte arrived, but completing the job failed: {ex.Message} The job stays Transferred; try again with 'bitslite complete {id}'.", ex);
        }
    }

    /// <summary>"Completed 'isos' (0f8fad5b): 2 files, 1.00 GiB in 12s." and the files' paths.</summary>
    public static string CompletedText(TransferInfo job, TimeSpan? elapsed)
    {
        ArgumentNullException.ThrowIfNull(job);
        var took = elapsed is not { } time ? ""
            : time < TimeSpan.FromSeconds(10) ? " in " + time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
            : " in " + DurationFormatter.FormatApproximate(time);
        var text = $"Completed '{job.Options.DisplayName}' ({TransferText.ShortId(job.Id)}): {job.FilesTotal.ToString(CultureInfo.InvariantCulture)} file(s), "
            + $"{ByteSizeFormatter.Format(job.BytesTransferred)}{took}. Files:{Environment.NewLine}";
        foreach (var file in job.Files)
        {
            text += "  " + file.Destination + Environment.NewLine;
        }

        if (job.ReplyFile is { } reply)
        {
            text += "Reply:" + Environment.NewLine + "  " + reply + Environment.NewLine;
        }

        return text;
    }
}
