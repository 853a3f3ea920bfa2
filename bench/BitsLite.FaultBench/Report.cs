using System.Globalization;

namespace BitsLite.FaultBench;

/// <summary>The Markdown tables of a matrix run, on stdout.</summary>
internal static class Report
{
    public static void Print(BenchSettings settings, IReadOnlyList<Scenario> scenarios, IReadOnlyList<Tool> tools, Measurements results)
    {
        var curl = tools.FirstOrDefault(t => t.Name == "curl");
        var bits = tools.FirstOrDefault(t => t.Name == "bitslite");
        Console.WriteLine(Invariant($"### {settings.SizeMiB} MiB, median of {settings.Runs} (seconds, and every run's verdict)"));
        Console.WriteLine();
        var header = new List<string> { "scenario" };
        header.AddRange(tools.Select(t => t == bits ? "**bitslite**" : t.Name));
        if (curl is not null && bits is not null)
        {
            header.AddRange(["bitslite ÷ curl", "bar: ≤ max(2× curl, 3 s)"]);
        }

        Row(header);
        Row([.. header.Select((_, i) => i == 0 ? "---" : "---:")]);
        foreach (var scenario in scenarios)
        {
            var cells = new List<string> { scenario.Name };
            cells.AddRange(tools.Select(t => Cell(results.Of(scenario, t), bold: t == bits)));
            if (curl is not null && bits is not null)
            {
                var c = Measurements.MedianSeconds(results.Of(scenario, curl));
                var b = Measurements.MedianSeconds(results.Of(scenario, bits));
                var allowed = Math.Max(2 * c, 3);
                var right = results.Of(scenario, bits).All(m => m.Outcome.Verdict == (scenario.ChangesContent ? Verdict.OkNewVersion : Verdict.Ok));
                cells.Add(Invariant($"{b / c:0.00}"));
                cells.Add(right && b <= allowed ? Invariant($"met ({b:0.00} ≤ {allowed:0.00})") : Invariant($"**not met** ({b:0.00} vs {allowed:0.00}{(right ? "" : ", wrong verdict")})"));
            }

            Row(cells);
        }

        Console.WriteLine();
        Console.WriteLine("Requests the server saw per run, and the longest time between two of them (the wait before a reconnect,");
        Console.WriteLine("plus the broken response before it; medians):");
        Console.WriteLine();
        Row(["scenario", .. tools.Select(t => t.Name)]);
        Row([.. Enumerable.Range(0, tools.Count + 1).Select(i => i == 0 ? "---" : "---:")]);
        foreach (var scenario in scenarios)
        {
            Row([scenario.Name, .. tools.Select(t => Requests(results.Of(scenario, t)))]);
        }

        Console.WriteLine();
        Console.WriteLine("Scenarios (faults served alike to every tool, set up afresh before each run):");
        Console.WriteLine();
        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"- `{scenario.Name}`: {scenario.Faults}");
        }

        Console.WriteLine();
        Console.WriteLine("Commands:");
        Console.WriteLine();
        foreach (var tool in tools)
        {
            Console.WriteLine($"- {tool.Name}: `{tool.Shown}`");
        }

        PrintDetails(scenarios, tools, results);
    }

    private static void PrintDetails(IReadOnlyList<Scenario> scenarios, IReadOnlyList<Tool> tools, Measurements results)
    {
        var details = (from scenario in scenarios
                       from tool in tools
                       from run in results.Of(scenario, tool).Select((m, i) => (m, i))
                       where run.m.Outcome.Verdict is Verdict.Fail or Verdict.Corrupt
                       select $"- {scenario.Name}, {tool.Name}, run {run.i + 1}: {run.m.Outcome.Label}, {run.m.Outcome.Detail}").ToList();
        if (details.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("What the failed and corrupt runs left:");
            Console.WriteLine();
            details.ForEach(Console.WriteLine);
        }
    }

    /// <summary>"2", or "2, 1.02 s apart" when there was more than one.</summary>
    private static string Requests(IReadOnlyList<Measurement> runs)
    {
        var requests = Measurements.MedianRequests(runs);
        return requests > 1 ? Invariant($"{requests:0.#}, {Measurements.MedianGapSeconds(runs):0.00} s apart") : Invariant($"{requests:0.#}");
    }

    /// <summary>"1.72 OK", or "1.72 OK ×2, FAIL ×1" when the runs disagree.</summary>
    private static string Cell(IReadOnlyList<Measurement> runs, bool bold)
    {
        if (runs.Count == 0)
        {
            return "n/a";
        }

        var verdicts = runs.GroupBy(r => r.Outcome.Label).Select(g => g.Count() == runs.Count ? g.Key : Invariant($"{g.Key} ×{g.Count()}"));
        var text = Invariant($"{Measurements.MedianSeconds(runs):0.00} {string.Join(", ", verdicts)}");
        return bold ? $"**{text}**" : text;
    }

    private static void Row(IEnumerable<string> cells) => Console.WriteLine("| " + string.Join(" | ", cells) + " |");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
