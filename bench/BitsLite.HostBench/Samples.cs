namespace BitsLite.HostBench;

/// <summary>A set of measurements (milliseconds, megabytes, …) with the summaries the report prints.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public IReadOnlyList<double> Values => _values;

    public void Add(double value) => _values.Add(value);

    public double Min => _values.Min();

    public double Max => _values.Max();

    /// <summary>The middle value, or the mean of the two middle values.</summary>
    public double Median
    {
        get
        {
            var sorted = Sorted();
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    public double Percentile(double percent)
    {
        var sorted = Sorted();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private List<double> Sorted()
    {
        if (_values.Count == 0)
        {
            throw new InvalidOperationException("No samples.");
        }

        var sorted = new List<double>(_values);
        sorted.Sort();
        return sorted;
    }
}
