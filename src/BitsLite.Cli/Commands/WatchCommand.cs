using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Client.Watching;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// <c>bitslite watch [ID...]</c>: one line per change of jobs, as it happens (with <c>--json</c>, one JSON object per
/// line). With IDs it ends when every named job has settled: exit 0 when all are Transferred or Acknowledged, 1 when one
/// ended in Error or was cancelled, 130 on Ctrl+C before that. Without IDs it follows every job, new ones too, until
/// Ctrl+C or SIGTERM, and then exits 0, as <c>tail -f</c> is used.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan MaxProgressInterval = TimeSpan.FromHours(1);

    public static Command Create(CliContext context)
    {
        var ids = CommonOptions.Ids(optional: true);
        ids.Description = "Jobs to follow until they settle (Transferred, Acknowledged, Cancelled or Error): full ids, unique id prefixes (4+ characters), or exact names. None: follow every job, new ones too, until Ctrl+C.";
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per line (time, kind, id, name, state, previousState, bytes, files, error) instead of text.",
        };
        var noProgress = new Option<bool>("--no-progress")
        {
            Description = "Leave out progress lines: only the jobs as they stand, state changes, new jobs and changed settings.",
        };
        var interval = new Option<TimeSpan?>("--progress-interval")
        {
            Description = $"Shortest time between two progress lines of a job (default 0.5s; the last of a burst always comes), at most 1h: {DurationParser.FormatHelp}.",
            HelpName = "DURATION",
            CustomParser = ParseInterval,
        };
        var command = new Command("watch", "Print a line for each change of jobs as it happens (progress at most twice a second per job). With IDs, ends when they settle: exit 0 if all are Transferred, 1 if one failed or was cancelled.")
        {
            ids,
            json,
            noProgress,
            interval,
        };
        CommandAction.Set(command, context, (result, cancellationToken) =>
        {
            var options = new TransferWatchOptions
            {
                IncludeProgress = !result.GetValue(noProgress),
                ProgressInterval = result.GetValue(interval) ?? TransferWatchOptions.DefaultProgressInterval,
                TimeProvider = context.Time,
            };
            return RunAsync(context, result.GetValue(ids) ?? [], result.GetValue(json), options, cancellationToken);
        });
        return command;
    }

    private static TimeSpan? ParseInterval(ArgumentResult result)
    {
        var interval = OptionValueParsers.ParseDuration(result, "--progress-interval", allowNone: false);
        if (interval > MaxProgressInterval)
        {
            result.AddError("--progress-interval: at most 1h.");
        }

        return interval;
    }

    private static async Task<int> RunAsync(CliContext context, string[] names, bool json, TransferWatchOptions options, CancellationToken cancellationToken)
    {
        await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);

        // Every name is resolved, and every job read, before the first line: a wrong one prints nothing.
        var ids = names.Length == 0 ? null : await TransferLookup.ResolveAsync(client, names, cancellationToken).ConfigureAwait(false);
        await using var watch = await TransferWatch.StartAsync(client, ids, options, cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopHangupWatch = new CancellationTokenSource();
        var outputClosed = context.WhenOutputClosed?.Invoke(stopHangupWatch.Token);
        _ = outputClosed?.ContinueWith(_ => Cancel(stop), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        try
        {
            await foreach (var e in watch.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                context.Console.Write(json ? JsonSerializer.Serialize(WatchLine.From(e), WatchJsonContext.Default.WatchLine) + Environment.NewLine : WatchLineText.Format(e, context.TimeZone));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (outputClosed is { IsCompletedSuccessfully: true } || watch.FollowsEveryJob)
            {
                // The reader has what it wanted; or a watch of everything was stopped the one way it ends.
                return ExitCodes.Success;
            }

            context.Console.Message("Interrupted. The jobs keep running.");
            return ExitCodes.Interrupted;
        }
        catch (TransferException ex) when (ex.Code == TransferErrorCode.HostUnavailable)
        {
            context.Console.Fail($"{ex.Message.TrimEnd()} The jobs keep their progress and go on when a host runs again; run 'bitslite watch' again to follow them.");
            return ExitCodes.HostUnavailable;
        }
        finally
        {
            await stopHangupWatch.CancelAsync().ConfigureAwait(false);
        }

        foreach (var failed in watch.Jobs.Where(j => j.State == TransferState.Error))
        {
            context.Console.Fail($"the job '{failed.Options.DisplayName}' failed: {(failed.Error is { } error ? TransferText.Error(error) : "no error was reported")}");
        }

        return watch.Jobs.All(j => j.State is TransferState.Transferred or TransferState.Acknowledged) ? ExitCodes.Success : ExitCodes.TransferFailed;
    }

    private static void Cancel(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The watch had ended already.
        }
    }
}
