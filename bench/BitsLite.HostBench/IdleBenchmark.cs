using System.Globalization;
using BitsLite.Benchmarking;
using BitsLite.Client;

namespace BitsLite.HostBench;

/// <summary>
/// Idle cost: a host started with no idle timeout (it never exits by itself), left with no client, watched from
/// /proc once a second: resident memory, CPU time, and context switches of its threads (an idle process that
/// polls wakes up and shows them). Once with an empty store, once with the seeded one after a full listing.
/// </summary>
internal static class IdleBenchmark
{
    /// <summary>Seconds at the start of the idle time during which the runtime winds down after the last request.</summary>
    private const int SettleSeconds = 10;

    public static async Task RunAsync(BenchSettings settings, BenchWorkspace workspace)
    {
        var seededStore = await workspace.SeededStoreAsync();
        Console.WriteLine($"### Idle host: memory, CPU and wake-ups over {settings.IdleSeconds} s with no client");
        Console.WriteLine();
        var empty = await WatchAsync(settings, workspace, seeded: null);
        var seeded = await WatchAsync(settings, workspace, seededStore);
        var results = new[] { ("empty", empty), ($"{settings.Jobs:N0} jobs", seeded) };

        Markdown.Header("store", "RSS after start", "RSS after a full list", $"max RSS over {settings.IdleSeconds} s", "peak RSS (VmHWM)",
            $"CPU over {settings.IdleSeconds} s", "voluntary switches", "involuntary switches", "threads at the end");
        foreach (var (name, r) in results)
        {
            Markdown.Row(name,
                $"{Markdown.MiB(r.AfterStart.RssMiB)} MiB",
                r.AfterList is { } l ? $"{Markdown.MiB(l.RssMiB)} MiB" : "—",
                $"{Markdown.MiB(r.MaxRssMiB)} MiB",
                $"{Markdown.MiB(r.End.PeakRssMiB)} MiB",
                $"{Markdown.Number(r.CpuSeconds, "0.000")} s",
                $"{r.Switches.Voluntary} ({Markdown.Number(r.Switches.Voluntary / (double)settings.IdleSeconds, "0.00")}/s)",
                r.Switches.Involuntary.ToString(CultureInfo.InvariantCulture),
                r.End.Threads.ToString(CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Markdown.Header("RSS at the end of the idle time", "RSS", "anonymous (GC heap, native heaps, stacks)", "file-backed (runtime, R2R images, SQLite)",
            "PSS (shared pages divided)", "private (mapped by no other process)");
        foreach (var (name, r) in results)
        {
            Markdown.Row(name, $"{Markdown.MiB(r.End.RssMiB)} MiB", $"{Markdown.MiB(r.End.RssAnonMiB)} MiB", $"{Markdown.MiB(r.End.RssFileMiB)} MiB",
                $"{Markdown.MiB(r.End.PssMiB)} MiB", $"{Markdown.MiB(r.End.PrivateMiB)} MiB");
        }

        Console.WriteLine();
        foreach (var (name, r) in results)
        {
            var wakers = r.Switches.ByThread
                .OrderByDescending(t => t.Value.Voluntary + t.Value.Involuntary)
                .Take(6)
                .Select(t => $"{t.Key}: {t.Value.Voluntary}+{t.Value.Involuntary}")
                .ToList();
            Console.WriteLine($"Threads switched out while idle ({name} store; voluntary+involuntary): {(wakers.Count == 0 ? "none" : string.Join(", ", wakers))}.");
        }

        foreach (var (name, r) in results)
        {
            Console.WriteLine($"Voluntary switches second by second ({name} store): {string.Join(" ", r.Switches.VoluntaryPerSample)}; " +
                $"after the first {SettleSeconds} s: {Markdown.Number(r.Switches.VoluntaryRateAfter(SettleSeconds), "0.00")}/s.");
        }

        Console.WriteLine();
        Console.WriteLine($"(1-minute load average at the end: {MachineLoad.Current()}.)");
        Console.WriteLine();
        // 40 MB read as the stricter 40 MiB (VmRSS). Busy polling: more than one wake-up a second once the last request's
        // aftermath (thread-pool spinning, tiered JIT) has settled, or CPU above 0.1 % over the whole time.
        bool Quiet(IdleResult r) => r.Switches.VoluntaryRateAfter(SettleSeconds) <= 1 && r.CpuSeconds <= 0.001 * settings.IdleSeconds;
        string Judge(IdleResult r) =>
            $"{Markdown.Verdict(r.MaxRssMiB <= 40 && Quiet(r))} (max {Markdown.MiB(r.MaxRssMiB)} MiB; {(Quiet(r) ? "no busy polling" : "busy polling")})";
        Console.WriteLine($"Bar: idle RSS ≤ 40 MB with no busy polling — empty store: {Judge(empty)}; {settings.Jobs:N0} jobs: {Judge(seeded)}.");
        Console.WriteLine();
    }

    private static async Task<IdleResult> WatchAsync(BenchSettings settings, BenchWorkspace workspace, string? seeded)
    {
        await using var home = workspace.NewHome(seeded is null ? "idle-empty" : "idle-seeded");
        if (seeded is not null)
        {
            home.UseStore(seeded);
        }

        var options = home.ClientOptions(settings.HostPath, idleTimeout: TimeSpan.Zero);
        int pid;
        await using (var client = await BitsLiteClient.ConnectAsync(options))
        {
            pid = (await client.GetHostStatusAsync()).ProcessId;
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // Let the host notice the client left.
        var afterStart = ProcessProbe.Read(pid);
        ProcessSample? afterList = null;
        if (seeded is not null)
        {
            await using (var client = await BitsLiteClient.ConnectAsync(options))
            {
                var count = 0;
                await foreach (var _ in client.ListAsync())
                {
                    count++;
                }

                if (count != settings.Jobs)
                {
                    throw new InvalidOperationException($"Listed {count} jobs, expected {settings.Jobs}.");
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            afterList = ProcessProbe.Read(pid);
        }

        var begin = ProcessProbe.Read(pid);
        var switches = new SwitchCounter(begin);
        var maxRss = begin.RssMiB;
        var last = begin;
        for (var second = 0; second < settings.IdleSeconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            last = ProcessProbe.Read(pid);
            switches.Add(last);
            maxRss = Math.Max(maxRss, last.RssMiB);
        }

        return new IdleResult(afterStart, afterList, begin, last, maxRss, switches);
    }
}
