using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BitsLite.UploadServer;

/// <summary>Reads durations such as <c>14d</c>, <c>12h</c>, <c>30m</c>, <c>90s</c>, <c>1d12h</c> or <c>1.12:00:00</c>.</summary>
internal static class DurationParser
{
    public const string FormatHelp = "a number with d, h, m or s (e.g. 14d, 1d12h, 30m), or d.hh:mm:ss";

    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        var value = (text ?? "").Trim();
        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero)
            {
                error = null;
                return true;
            }

            error = $"'{text}' is not a duration; give {FormatHelp}";
            return false;
        }

        var position = 0;
        double seconds = 0;
        while (position < value.Length)
        {
            var start = position;
            while (position < value.Length && (char.IsAsciiDigit(value[position]) || value[position] == '.'))
            {
                position++;
            }

            if (start == position || position == value.Length
                || !double.TryParse(value.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a duration; give {FormatHelp}";
                return false;
            }

            double? unit = char.ToLowerInvariant(value[position]) switch
            {
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => null,
            };
            if (unit is null)
            {
                error = $"'{text}' has an unknown unit '{value[position]}'; give {FormatHelp}";
                return false;
            }

            seconds += number * unit.Value;
            position++;
        }

        if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"'{text}' is not a usable duration; give {FormatHelp}";
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        error = null;
        return true;
    }

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it, in the largest unit that divides it (1d, 30s).</summary>
    public static string Format(TimeSpan duration)
    {
        foreach (var (unit, size) in new[] { ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)) })
        {
            if (duration > TimeSpan.Zero && duration.Ticks % size.Ticks == 0)
            {
                return (duration.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
