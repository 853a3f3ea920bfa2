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
        var before = scenario.Paths.Sum(p => server.RequestsFor(p).Count);
        var run = await ToolRun.RunAsync(tool.Start(server.Url(scenario.Path), output), settings.TimeLimit);
        var requests = scenario.Paths.Sum(p => server.RequestsFor(p).Count) - before;
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
        return new Measurement(run.Elapsed, outcome, requests);
    }
}
