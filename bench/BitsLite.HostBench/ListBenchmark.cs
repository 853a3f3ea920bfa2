using System.Diagnostics;
using BitsLite.Benchmarking;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.HostBench;

/// <summary>
/// A host on the seeded store: how long it takes to start (it loads every live job), what it then holds in
/// memory, and how long a client takes to list every job (the whole list materialised), first after start and warm.
/// </summary>
internal static class ListBenchmark
{
    public static async Task RunAsync(BenchSettings settings, BenchWorkspace workspace)
    {
        var store = await workspace.SeededStoreAsync();
        Console.WriteLine($"### {settings.Jobs:N0} stored jobs: host start-up and {(settings.Summary ? "summary" : "full")} listings ({settings.HostStarts} host starts × {settings.ListRuns} listings)");
        Console.WriteLine();

        var startup = new Samples();
        var launchToStarting = new Samples();
        var startingToStore = new Samples();
        var storeToListening = new Samples();
        var rssAfterStart = new Samples();
        var rssAfterLists = new Samples();
        var peakRss = new Samples();
        var first = new Samples();
        var warm = new Samples();
        var allRuns = new List<string>();
        var hostCpu = new Samples();
        var clientCpu = new Samples();
        var startupCpu = new Samples();
        for (var start = 0; start < settings.HostStarts; start++)
        {
            await using var home = workspace.NewHome($"list{start}");
            home.UseStore(store);
            var before = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            await using var client = await BitsLiteClient.ConnectAsync(home.ClientOptions(settings.HostPath, idleTimeout: TimeSpan.Zero));
            startup.Add(clock.Elapsed.TotalMilliseconds);
            var log = HostLogTimeline.Read(home.Paths.LogFile);
            launchToStarting.Add(HostLogTimeline.Between(before, log.Starting));
            startingToStore.Add(HostLogTimeline.Between(log.Starting, log.StoreOpen));
            storeToListening.Add(HostLogTimeline.Between(log.StoreOpen, log.Listening));
            var pid = (await client.GetHostStatusAsync()).ProcessId;
            var started = ProcessProbe.Read(pid);
            rssAfterStart.Add(started.RssMiB);
            startupCpu.Add(started.CpuSeconds * 1000);

            var times = new List<double>();
            for (var run = 0; run < settings.ListRuns; run++)
            {
                var hostBefore = ProcessProbe.Read(pid).CpuSeconds;
                var clientBefore = Environment.CpuUsage.TotalTime;
                clock.Restart();
                var jobs = new List<TransferInfo>(settings.Jobs);
                // The summary form (no per-file entries) is what tables, `bitslite list` and Get-Transfer's default view use.
                await foreach (var job in client.ListAsync(new TransferQuery { WithoutFiles = settings.Summary }))
                {
                    jobs.Add(job);
                }

                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (jobs.Count != settings.Jobs)
                {
                    throw new InvalidOperationException($"Listed {jobs.Count} jobs, expected {settings.Jobs}.");
                }

                times.Add(elapsed);
                hostCpu.Add((ProcessProbe.Read(pid).CpuSeconds - hostBefore) * 1000);
                clientCpu.Add((Environment.CpuUsage.TotalTime - clientBefore).TotalMilliseconds);
                (run == 0 ? first : warm).Add(elapsed);
            }

            var after = ProcessProbe.Read(pid);
            rssAfterLists.Add(after.RssMiB);
            peakRss.Add(after.PeakRssMiB);
            allRuns.Add($"host start {start + 1}: {string.Join(", ", times.Select(Markdown.Ms))} ms");
        }

        Markdown.Header($"host on {settings.Jobs:N0} jobs (ms)", "median", "p90", "min", "max");
        Markdown.SummaryRow("**host start-up: ConnectAsync (launch → answering)**", startup);
        Markdown.SummaryRow("↳ launch → \"starting\"", launchToStarting);
        Markdown.SummaryRow("↳ \"starting\" → \"Job store open\" (loads every live job)", startingToStore);
        Markdown.SummaryRow("↳ \"Job store open\" → \"Listening\"", storeToListening);
        Markdown.SummaryRow("host CPU time used by then", startupCpu);
        Markdown.SummaryRow($"**first list of all jobs after start** ({settings.Jobs:N0} jobs)", first);
        if (warm.Count > 0)
        {
            Markdown.SummaryRow("**warm list of all jobs**", warm);
        }

        Markdown.SummaryRow("↳ host CPU time per list (SQLite, TransferInfo, JSON, socket)", hostCpu);
        Markdown.SummaryRow("↳ client CPU time per list (JSON → TransferInfo)", clientCpu);

        Console.WriteLine();
        Markdown.Header("host memory (MiB)", "median", "min", "max");
        foreach (var (name, samples) in new[] { ("RSS after start", rssAfterStart), ($"RSS after {settings.ListRuns} listings", rssAfterLists), ("peak RSS (VmHWM)", peakRss) })
        {
            Markdown.Row(name, Markdown.MiB(samples.Median), Markdown.MiB(samples.Min), Markdown.MiB(samples.Max));
        }

        Console.WriteLine();
        Console.WriteLine("Every listing, in order:");
        Console.WriteLine();
        foreach (var line in allRuns)
        {
            Console.WriteLine($"- {line}");
        }

        Console.WriteLine();
        if (settings.CliPath is { } cli)
        {
            await CliListAsync(settings, workspace, store, cli);
        }

        if (settings.Pipeline)
        {
            await ListPipelineBreakdown.RunAsync(settings, workspace, store);
        }

        Console.WriteLine($"(1-minute load average at the end: {MachineLoad.Current()}.)");
        Console.WriteLine();
        var warmOrFirst = warm.Count > 0 ? warm : first;
        Console.WriteLine($"Bar: listing {settings.Jobs:N0} jobs ≤ 1 s — warm: {Markdown.Verdict(warmOrFirst.Median <= 1000)} (median {Markdown.Ms(warmOrFirst.Median)} ms); " +
            $"first after start: {Markdown.Verdict(first.Median <= 1000)} (median {Markdown.Ms(first.Median)} ms).");
        Console.WriteLine();
    }

    /// <summary>`bitslite list --all`-style listings through the CLI against a running host on the seeded store, output drained.</summary>
    private static async Task CliListAsync(BenchSettings settings, BenchWorkspace workspace, string store, string cli)
    {
        await using var home = workspace.NewHome("list-cli");
        home.UseStore(store);
        await using (await BitsLiteClient.ConnectAsync(home.ClientOptions(settings.HostPath, idleTimeout: TimeSpan.Zero)))
        {
        }

        var times = new Samples();
        CliRun? last = null;
        for (var run = 0; run < 3; run++)
        {
            last = await CliRun.RunAsync(cli, settings.HostPath, home, "list");
            if (last.ExitCode != 0)
            {
                Console.WriteLine($"`bitslite list` on {settings.Jobs:N0} jobs: the CLI failed (exit code {last.ExitCode}: {last.Errors}); not measured.");
                Console.WriteLine();
                return;
            }

            times.Add(last.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"`bitslite list` process on {settings.Jobs:N0} live jobs, host running, output to a pipe ({last!.OutputLines:N0} lines, {last.OutputBytes / 1048576.0:0.0} MiB): " +
            $"{string.Join(", ", times.Values.Select(Markdown.Ms))} ms.");
        Console.WriteLine();
    }
}
