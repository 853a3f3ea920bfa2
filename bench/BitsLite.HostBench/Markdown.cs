using System.Globalization;

namespace BitsLite.HostBench;

/// <summary>Number formatting and small tables for the Markdown report on stdout.</summary>
internal static class Markdown
{
    public static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString(milliseconds >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    public static string MiB(double mib) => mib.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static void Row(params string[] cells) => Console.WriteLine("| " + string.Join(" | ", cells) + " |");

    public static void Header(params string[] cells)
    {
        Row(cells);
        Row([.. cells.Select((_, i) => i == 0 ? "---" : "---:")]);
    }

    /// <summary>A summary row: median, p90, min, max.</summary>
    public static void SummaryRow(string name, Samples samples) =>
        Row(name, Ms(samples.Median), Ms(samples.Percentile(90)), Ms(samples.Min), Ms(samples.Max));

    public static string Verdict(bool met) => met ? "**met**" : "**not met**";
}
