using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Parses sizes and rates such as <c>500k</c>, <c>2M</c>, <c>1.5MB</c>, <c>2MiB/s</c> or <c>65536</c>.
/// Every unit is binary (k = 1024, like curl's and wget's --limit-rate and rclone's --bwlimit), so a limit
/// reads back the same as it is shown (KiB, MiB, GiB). A trailing lower-case "b" would mean bits and is
/// refused rather than guessed. "0", "none", "off" and "unlimited" give 0 (no limit).
/// </summary>
internal static class ByteSizeParser
{
    public const string FormatHelp = "bytes, or a number with k, M, G or T (binary: k = 1024; KB, KiB, MB, MiB, ... mean the same), e.g. 500k, 2M, 1.5MB; 0 or none = no limit";

    private static readonly string[] NoLimitWords = ["none", "off", "unlimited"];

    public static bool TryParse(string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var value = (text ?? "").Trim();
        if (value.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^2].TrimEnd();
        }

        if (value.Length == 0)
        {
            error = "a size is required, e.g. 500k or 2M";
            return false;
        }

        if (NoLimitWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            error = null;
            return true;
        }

        if (value[0] == '-')
        {
            error = $"'{text}' is negative; give a size such as 500k or 2M (0 = no limit)";
            return false;
        }

        var numberLength = 0;
        while (numberLength < value.Length && (char.IsAsciiDigit(value[numberLength]) || value[numberLength] == '.'))
        {
            numberLength++;
        }

        var numberText = value[..numberLength];
        var unit = value[numberLength..].Trim();
        if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{text}' is not a size; use {FormatHelp}";
            return false;
        }

        if (!TryMultiplier(unit, out var multiplier, out error))
        {
            error = $"'{text}': {error}";
            return false;
        }

        if (multiplier == 1 && number != decimal.Truncate(number))
        {
            error = $"'{text}' is not a whole number of bytes; add a unit (e.g. 1.5M) or give whole bytes";
            return false;
        }

        try
        {
            var total = decimal.Round(number * multiplier, MidpointRounding.AwayFromZero);
            if (total > long.MaxValue)
            {
                error = $"'{text}' is too large";
                return false;
            }

            bytes = (long)total;
            return true;
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large";
            return false;
        }
    }

    private static bool TryMultiplier(string unit, out decimal multiplier, [NotNullWhen(false)] out string? error)
    {
        multiplier = 1;
        error = null;
        if (unit.Length == 0 || unit == "B")
        {
            return true;
        }

        if (unit.EndsWith('b'))
        {
            error = $"'b' means bits; write the size in bytes, e.g. {unit[..^1].ToUpperInvariant()}B or {(unit.Length > 1 ? unit[..1] : "k")}";
            return false;
        }

        // k, K, kB, KB, KiB, kiB (and the same for M, G, T): all binary.
        var letter = char.ToUpperInvariant(unit[0]);
        var rest = unit[1..];
        if (rest is not ("" or "B" or "iB" or "IB"))
        {
            error = $"unknown unit '{unit}'; use {FormatHelp}";
            return false;
        }

        var power = letter switch
        {
            'K' => 1,
            'M' => 2,
            'G' => 3,
            'T' => 4,
            _ => 0,
        };
        if (power == 0)
        {
            error = $"unknown unit '{unit}'; use {FormatHelp}";
            return false;
        }

        for (var i = 0; i < power; i++)
        {
            multiplier *= 1024;
        }

        return true;
    }
}
