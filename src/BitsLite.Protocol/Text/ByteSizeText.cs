using System.Globalization;

namespace BitsLite.Protocol.Text;

/// <summary>
/// Sizes for people, in binary units (B, KiB, MiB, GiB, TiB), invariant culture: the one form the host's messages and
/// every front end's output use.
/// </summary>
public static class ByteSizeText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>"512 B", "1.50 KiB", "12.3 MiB", "1.02 GiB"; "?" for a negative (unknown) size.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 0)
        {
            return "?";
        }

        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        // Three significant digits at most: 1.02 GiB, 12.3 MiB, 512 KiB.
        var format = value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        if (text is "1024" or "1024.0")
        {
            // Rounding reached the next unit.
            return Format((long)Math.Pow(1024, unit + 1));
        }

        return text + " " + Units[unit];
    }
}
