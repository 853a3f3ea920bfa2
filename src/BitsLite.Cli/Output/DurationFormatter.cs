using System.Globalization;
using System.Text;

namespace BitsLite.Cli.Output;

/// <summary>
/// Durations for people, in the compact form the CLI also accepts as input: "45s", "10m", "1h30m", "14d",
/// "1d5m". <see cref="FormatApproximate"/> keeps the two largest units, for ETAs and uptimes.
/// </summary>
internal static class DurationFormatter
{
    private static readonly (long Size, char Unit)[] Units = [(86400, 'd'), (3600, 'h'), (60, 'm'), (1, 's')];

    /// <summary>Exact to the second, zero units left out: "1h30m", "14d", "1d5m", "0s".</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = WholeSeconds(duration);
        if (seconds == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (size, unit) in Units)
        {
            var count = seconds / size;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                seconds -= count * size;
            }
        }

        return text.ToString();
    }

    /// <summary>The largest unit and the next one: "2h05m", "3m20s", "45s", "2d3h".</summary>
    public static string FormatApproximate(TimeSpan duration)
    {
        var seconds = WholeSeconds(duration);
        var first = Array.FindIndex(Units, u => seconds >= u.Size);
        if (first < 0)
        {
            return "0s";
        }

        var (size, unit) = Units[first];
        var text = (seconds / size).ToString(CultureInfo.InvariantCulture) + unit;
        if (first + 1 < Units.Length)
        {
            var (nextSize, nextUnit) = Units[first + 1];
            var next = seconds % size / nextSize;
            text += next.ToString(unit == 'd' ? "0" : "00", CultureInfo.InvariantCulture) + nextUnit;
        }

        return text;
    }

    private static long WholeSeconds(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (long)Math.Round(duration.TotalSeconds);
}
