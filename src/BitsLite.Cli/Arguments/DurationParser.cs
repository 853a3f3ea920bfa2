using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Parses durations: seconds (<c>600</c>), a number with a unit (<c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>,
/// <c>1w</c>), units combined largest first (<c>1h30m</c>, <c>1d12h</c>), or the <c>[d.]hh:mm:ss</c> form that
/// <c>--json</c> output uses. Units are s, m (minutes), h, d and w, in either case.
/// </summary>
internal static class DurationParser
{
    public const string FormatHelp = "seconds (600) or a number with a unit: 90s, 10m, 2h, 1d, 1w, combined as 1h30m; or [d.]hh:mm:ss";

    private static readonly (char Unit, TimeSpan Size)[] Units =
    [
        ('w', TimeSpan.FromDays(7)),
        ('d', TimeSpan.FromDays(1)),
        ('h', TimeSpan.FromHours(1)),
        ('m', TimeSpan.FromMinutes(1)),
        ('s', TimeSpan.FromSeconds(1)),
    ];

    /// <summary>Parses <paramref name="text"/>; with <paramref name="allowNone"/>, "none" and "off" give <see cref="TimeSpan.Zero"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error, bool allowNone = false)
    {
        duration = TimeSpan.Zero;
        error = null;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            error = "a duration is required, e.g. 600, 10m or 2h";
            return false;
        }

        if (allowNone && (value.Equals("none", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (value[0] == '-')
        {
            error = $"'{text}' is negative; durations are 0 or more";
            return false;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero)
            {
                return true;
            }

            error = $"'{text}' is not a duration; use {FormatHelp}";
            return false;
        }

        var total = 0m;
        var position = 0;
        var lastUnit = -1;
        while (position < value.Length)
        {
            var start = position;
            while (position < value.Length && (char.IsAsciiDigit(value[position]) || value[position] == '.'))
            {
                position++;
            }

            if (!decimal.TryParse(value.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a duration; use {FormatHelp}";
                return false;
            }

            if (position == value.Length)
            {
                // A bare number is seconds, but only on its own ("1h30" is more likely a typo than 1h 30s).
                if (start != 0)
                {
                    error = $"'{text}' has a number without a unit after '{value[..start]}'; write e.g. 1h30m";
                    return false;
                }

                total = number;
                break;
            }

            var unitIndex = Array.FindIndex(Units, u => u.Unit == char.ToLowerInvariant(value[position]));
            if (unitIndex < 0)
            {
                error = $"'{text}' has an unknown unit '{value[position]}'; use {FormatHelp}";
                return false;
            }

            if (unitIndex <= lastUnit)
            {
                error = $"'{text}' repeats a unit or lists them out of order; write the largest first, e.g. 1h30m";
                return false;
            }

            lastUnit = unitIndex;
            total += number * (decimal)Units[unitIndex].Size.TotalSeconds;
            position++;
        }

        if (total > (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"'{text}' is too long";
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(total * TimeSpan.TicksPerSecond));
        return true;
    }
}
