using System.Globalization;
using BitsLite.Benchmarking;
using BitsLite.FaultBench;
using BitsLite.Testing.FaultServing;

// bitslite-faultbench --cli PATH --host PATH [options]: the fault matrix (see BenchSettings.Usage and bench/faults.sh).
// Progress goes to stderr, the Markdown report to stdout. The host it starts is stopped and its work directory deleted.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"bitslite-faultbench: {ex.Message}");
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

var scenarios = Scenario.All(settings.DropAtMiB).Where(s => settings.Scenarios.Count == 0 || settings.Scenarios.Contains(s.Name)).ToList();
var content = new BenchContent(settings.SizeMiB);
var output = Path.Combine(settings.Work, "out");
Directory.CreateDirectory(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
try
{
    await using var server = await FaultServer.StartAsync();
    await using var host = settings.Tools.Contains("bitslite") ? await BenchHost.StartAsync(Path.Combine(settings.Work, "home"), settings.Host) : null;
    var tools = settings.Tools.Select(name => name == "bitslite" ? Tool.BitsLite(settings.Cli, host!) : Tool.Peer(name)).ToList();
    var matrix = new FaultMatrix(server, content, settings, output, host);
    if (host is not null)
    {
        // The host's first transfer pays for its JIT; users' hosts have done it long before.
        await matrix.RunAsync(Scenario.All(settings.DropAtMiB)[0], tools.Single(t => t.Name == "bitslite"));
    }

    var results = new Measurements();
    var loadBefore = MachineLoad.Current();
    for (var run = 1; run <= settings.Runs; run++)
    {
        foreach (var scenario in scenarios)
        {
            foreach (var tool in tools)
            {
                var measured = await matrix.RunAsync(scenario, tool);
                results.Add(scenario, tool, measured);
                Console.Error.WriteLine($"run {run} {scenario.Name,-16} {tool.Name,-8} {measured.Elapsed.TotalSeconds,7:0.00} s  {measured.Outcome.Label,-7} {measured.Requests} requests {measured.Outcome.Detail}");
            }
        }
    }

    Console.WriteLine($"- load average (1 min) before the runs: {loadBefore}, after: {MachineLoad.Current()}; time limit per run {settings.TimeLimit.TotalSeconds:0} s");
    Console.WriteLine($"- bitslite: host already running at default settings; quick reconnects it logged: {host?.ReconnectsLogged().ToString(CultureInfo.InvariantCulture) ?? "n/a"}");
    Console.WriteLine();
    Report.Print(settings, scenarios, tools, results);
    return 0;
}
finally
{
    Directory.Delete(settings.Work, recursive: true);
}
