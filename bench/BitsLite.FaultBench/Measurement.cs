namespace BitsLite.FaultBench;

/// <summary>
/// One tool's run of one scenario: its time, its verdict, how many requests the server saw from it, and the longest
/// time between two of them (how long the tool waited to reconnect, plus the broken response's own time).
/// </summary>
internal sealed record Measurement(TimeSpan Elapsed, Outcome Outcome, int Requests, TimeSpan LongestGap);

/// <summary>Every measurement of a matrix run, by scenario and tool.</summary>
internal sealed class Measurements
{
    private readonly Dictionary<(string Scenario, string Tool), List<Measurement>> _all = [];

    public void Add(Scenario scenario, Tool tool, Measurement measurement)
    {
        if (!_all.TryGetValue((scenario.Name, tool.Name), out var list))
        {
            _all[(scenario.Name, tool.Name)] = list = [];
        }

        list.Add(measurement);
    }

    public IReadOnlyList<Measurement> Of(Scenario scenario, Tool tool) =>
        _all.TryGetValue((scenario.Name, tool.Name), out var list) ? list : [];

    public static double MedianSeconds(IReadOnlyList<Measurement> runs) => Median(runs.Select(r => r.Elapsed.TotalSeconds));

    public static double MedianRequests(IReadOnlyList<Measurement> runs) => Median(runs.Select(r => (double)r.Requests));

    public static double MedianGapSeconds(IReadOnlyList<Measurement> runs) => Median(runs.Select(r => r.LongestGap.TotalSeconds));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
