using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BitsLite.UploadServer;

/// <summary>
/// Reads sizes such as <c>2G</c>, <c>512M</c>, <c>1.5GiB</c>, <c>64k</c> or <c>1048576</c>. Units are binary (k = 1024),
/// with or without a trailing B or iB.
/// </summary>
internal static class SizeParser
{
    public const string FormatHelp = "bytes, or a number with k, M, G or T (binary: 1k = 1024), e.g. 512M or 2G";

    public static bool TryParse(string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var value = (text ?? "").Trim();
        var numberLength = 0;
        while (numberLength < value.Length && (char.IsAsciiDigit(value[numberLength]) || value[numberLength] == '.'))
        {
            numberLength++;
        }

        if (numberLength == 0
            || !decimal.TryParse(value[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{text}' is not a size; give {FormatHelp}";
            return false;
        }

        var unit = value[numberLength..].Trim().ToUpperInvariant();
        if (unit.EndsWith("IB", StringComparison.Ordinal))
        {
            unit = unit[..^2];
        }
        else if (unit.Length > 1 && unit.EndsWith('B'))
        {
            unit = unit[..^1];
        }

        decimal multiplier = unit switch
        {
            "" or "B" => 1,
            "K" => 1024m,
            "M" => 1024m * 1024,
            "G" => 1024m * 1024 * 1024,
            "T" => 1024m * 1024 * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0)
        {
            error = $"'{text}' has an unknown unit; give {FormatHelp}";
            return false;
        }

        var total = decimal.Floor(number * multiplier);
        if (total > long.MaxValue)
        {
            error = $"'{text}' is too large";
            return false;
        }

        bytes = (long)total;
        error = null;
        return true;
    }

    /// <summary>Writes a size the way <see cref="TryParse"/> reads it, in the largest unit that divides it (4G, 240).</summary>
    public static string Format(long bytes)
    {
        foreach (var (unit, size) in new[] { ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("k", 1L << 10) })
        {
            if (bytes != 0 && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
