using System.Diagnostics;
using BitsLite.Benchmarking;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.HostBench;

/// <summary>
/// Cold start: no host running, a fresh home each run (empty store). Timed from before
/// <see cref="BitsLiteClient.ConnectAsync"/> (which starts the host) until the first <c>list</c> has been answered,
/// and split with the host's log timestamps. Optionally the same through a fresh <c>bitslite list</c> process.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync(BenchSettings settings, BenchWorkspace workspace)
    {
        Console.WriteLine($"### Cold start: no host running → first `list` answered (empty store, N={settings.Runs} after 1 warm-up)");
        Console.WriteLine();

        var total = new Samples();
        var connect = new Samples();
        var launchToStarting = new Samples();
        var startingToStore = new Samples();
        var storeToListening = new Samples();
        var listeningToAnswer = new Samples();
        for (var run = 0; run <= settings.Runs; run++)
        {
            await using var home = workspace.NewHome($"cold{run}");
            var before = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            TimeSpan connected, answered;
            await using (var client = await BitsLiteClient.ConnectAsync(home.ClientOptions(settings.HostPath)))
            {
                connected = clock.Elapsed;
                await foreach (var _ in client.ListAsync(new TransferQuery()))
                {
                }

                answered = clock.Elapsed;
            }

            var log = HostLogTimeline.Read(home.Paths.LogFile);
            if (run == 0)
            {
                continue; // Warm-up: the page cache and this process's own JIT.
            }

            total.Add(answered.TotalMilliseconds);
            connect.Add(connected.TotalMilliseconds);
            launchToStarting.Add(HostLogTimeline.Between(before, log.Starting));
            startingToStore.Add(HostLogTimeline.Between(log.Starting, log.StoreOpen));
            storeToListening.Add(HostLogTimeline.Between(log.StoreOpen, log.Listening));
            listeningToAnswer.Add(HostLogTimeline.Between(log.Listening, before + answered));
        }

        Markdown.Header("in-process client (ms)", "median", "p90", "min", "max");
        Markdown.SummaryRow("**ConnectAsync → first ListAsync done**", total);
        Markdown.SummaryRow("ConnectAsync returned (host answering)", connect);
        Markdown.SummaryRow("↳ launch → host logs \"starting\" (runtime start, Main)", launchToStarting);
        Markdown.SummaryRow("↳ \"starting\" → \"Job store open\" (engine, SQLite)", startingToStore);
        Markdown.SummaryRow("↳ \"Job store open\" → \"Listening\"", storeToListening);
        Markdown.SummaryRow("↳ \"Listening\" → list answered (client poll, handshake, list)", listeningToAnswer);
        Console.WriteLine();
        Console.WriteLine("Log timestamps have 1 ms resolution; the split rows are medians of each step, so they need not add up to the total.");
        Console.WriteLine();

        if (settings.CliPath is { } cli)
        {
            await CliColdStartAsync(settings, workspace, cli, total);
        }
        else
        {
            Console.WriteLine("`bitslite list` from a fresh process: skipped (no CLI given).");
            Console.WriteLine();
        }

        Console.WriteLine($"(1-minute load average at the end: {MachineLoad.Current()}.)");
        Console.WriteLine();
        Console.WriteLine($"Bar: cold start ≤ 300 ms — {Markdown.Verdict(total.Median <= 300)} (client library: median {Markdown.Ms(total.Median)} ms, p90 {Markdown.Ms(total.Percentile(90))} ms).");
        Console.WriteLine();
    }

    private static async Task CliColdStartAsync(BenchSettings settings, BenchWorkspace workspace, string cli, Samples inProcess)
    {
        var cold = new Samples();
        var warm = new Samples();
        string? failure = null;
        for (var run = 0; run <= settings.Runs && failure is null; run++)
        {
            await using var home = workspace.NewHome($"cli{run}");
            var first = await CliRun.RunAsync(cli, settings.HostPath, home, "list");
            // The same command again with the host now running: the CLI's own cost.
            var second = await CliRun.RunAsync(cli, settings.HostPath, home, "list");
            if (first.ExitCode != 0 || second.ExitCode != 0)
            {
                failure = $"exit codes {first.ExitCode}/{second.ExitCode}: {first.Errors} {second.Errors}".Trim();
            }
            else if (run > 0)
            {
                cold.Add(first.Elapsed.TotalMilliseconds);
                warm.Add(second.Elapsed.TotalMilliseconds);
            }
        }

        if (failure is not null)
        {
            Console.WriteLine($"`bitslite list` from a fresh process: the CLI failed ({failure}); not measured.");
            Console.WriteLine();
            return;
        }

        Markdown.Header("`bitslite list` process, launch → exit (ms)", "median", "p90", "min", "max");
        Markdown.SummaryRow("**no host running (starts one)**", cold);
        Markdown.SummaryRow("host already running", warm);
        Console.WriteLine();
        Console.WriteLine($"The CLI process adds about {Markdown.Ms(cold.Median - inProcess.Median)} ms (median) to the in-process cold start: its own runtime start-up and JIT, and exit.");
        Console.WriteLine($"Bar against the CLI: {Markdown.Verdict(cold.Median <= 300)} (median {Markdown.Ms(cold.Median)} ms, p90 {Markdown.Ms(cold.Percentile(90))} ms).");
        Console.WriteLine();
    }
}
