using System.Diagnostics;
using BitsLite.Testing.FaultServing;

namespace BitsLite.FaultBench;

/// <summary>Runs one tool through one scenario: fresh faults, no file left from before, then the verdict and the requests it made.</summary>
internal sealed class FaultMatrix(FaultServer server, BenchContent content, BenchSettings settings, string outputDirectory, BenchHost? host)
{
    public async Task<Measurement> RunAsync(Scenario scenario, Tool tool)
    {
        var output = Path.Combine(outputDirectory, tool.Name + ".bin");
        foreach (var left in new[] { output, output + ".aria2" }.Where(File.Exists))
        {
            File.Delete(left);
        }

        scenario.Serve(server, content);
        var started = Stopwatch.GetTimestamp();
        var run = await ToolRun.RunAsync(tool.Start(server.Url(scenario.Path), output), settings.TimeLimit);
        var arrivals = scenario.Paths.SelectMany(server.RequestsFor).Where(r => r.ReceivedAt >= started).Select(r => r.ReceivedAt).Order().ToList();
        var outcome = content.Judge(output, run.ExitCode, scenario.ChangesContent);
        if (tool.Name == "bitslite" && host is not null && await host.CancelLeftoversAsync() > 0)
        {
            outcome = outcome with { Detail = outcome.Detail + " (its job was cancelled)" };
        }

        if (outcome.Verdict is Verdict.Fail && run.Errors.Length > 0)
        {
            outcome = outcome with { Detail = $"{outcome.Detail}: {run.Errors}" };
        }

        File.Delete(output);
        return new Measurement(run.Elapsed, outcome, arrivals.Count, LongestGap(arrivals));
    }

    /// <summary>The longest time between two requests of one run: the reconnect's wait, plus the broken response before it.</summary>
    private static TimeSpan LongestGap(List<long> arrivals) =>
        arrivals.Count < 2 ? TimeSpan.Zero : arrivals.Zip(arrivals.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).Max();
}
