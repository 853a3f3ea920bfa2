using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BitsLite.Protocol.Hosting;

/// <summary>
/// The text form of a bandwidth schedule, which <c>bitslite policy set --schedule</c> and
/// <c>Set-TransferPolicy -BandwidthSchedule</c> take and show, and the limits every schedule keeps (the host checks them
/// again). A schedule is up to <see cref="MaxRules"/> rules separated by <c>;</c>, each <c>DAYS HH:MM-HH:MM LIMIT</c>:
/// <list type="bullet">
/// <item>DAYS: <c>Mon</c> … <c>Sun</c> (or full names), ranges (<c>Mon-Fri</c>; <c>Fri-Mon</c> wraps), lists
/// (<c>Sat,Sun</c>, <c>Mon-Wed,Fri</c>), <c>weekdays</c>, <c>weekend</c> or <c>daily</c>; left out, every day.</item>
/// <item>HH:MM-HH:MM: 24-hour host local time, 00:00 to 24:00; an end before the start runs past midnight into the next
/// day (<c>Fri 22:00-06:00</c> ends on Saturday morning).</item>
/// <item>LIMIT: bytes per second with k, M, G or T (binary: k = 1024; <c>1.5M</c>, <c>512KiB</c>), <c>off</c>,
/// <c>none</c> or <c>unlimited</c> for no limit, <c>0</c> to hold background jobs in Queued until the window ends.</item>
/// </list>
/// The first rule that matches wins; outside every rule the policy's BackgroundBandwidth applies.
/// </summary>
public static partial class BandwidthSchedule
{
    /// <summary>The most rules a schedule may have.</summary>
    public const int MaxRules = 32;

    /// <summary>A one-line description of the text form, for usage messages.</summary>
    public const string Grammar = "rules separated by ';', each 'DAYS HH:MM-HH:MM LIMIT', e.g. 'Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k' "
        + "(days Mon..Sun, ranges and lists; 24-hour times, an end before the start runs past midnight; "
        + "limits in bytes/s with k, M, G (binary), off = no limit, 0 = hold background jobs)";

    private const string LimitHelp = "give bytes per second with k, M or G (binary), e.g. 512k or 10M, 'off' for no limit, or 0 to hold background jobs";

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] NoLimitWords = ["off", "none", "unlimited"];

    /// <summary>Parses the text form; on failure <paramref name="error"/> says which rule and what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IReadOnlyList<BandwidthRule>? rules, [NotNullWhen(false)] out string? error)
    {
        rules = null;
        var parts = (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "the schedule is empty; give rules such as 'Mon-Fri 08:00-17:00 1M' (to remove a schedule, clear it)";
            return false;
        }

        if (parts.Length > MaxRules)
        {
            error = $"a schedule has at most {MaxRules} rules; this one has {parts.Length}";
            return false;
        }

        var parsed = new List<BandwidthRule>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseRule(parts[i], out var rule, out var problem))
            {
                error = $"rule {i + 1} ('{parts[i]}'): {problem}";
                return false;
            }

            parsed.Add(rule);
        }

        rules = parsed;
        error = null;
        return true;
    }

    /// <summary>Parses the text form.</summary>
    /// <exception cref="FormatException">The text is not a schedule; the message says why.</exception>
    public static IReadOnlyList<BandwidthRule> Parse(string text) =>
        TryParse(text, out var rules, out var error) ? rules : throw new FormatException(error);

    /// <summary>The text form of a schedule, rules separated by <c>"; "</c>; empty for none.</summary>
    public static string Format(IEnumerable<BandwidthRule>? rules) => rules is null ? "" : string.Join("; ", rules.Select(Format));

    /// <summary>The text form of one rule: <c>Mon-Fri 08:00-17:00 1M</c>.</summary>
    public static string Format(BandwidthRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"{FormatDays(rule.Days)} {FormatTime(rule.Start)}-{FormatTime(rule.End)} {FormatLimit(rule.Limit)}";
    }

    /// <summary><c>Mon-Fri</c>, <c>Sat,Sun</c>, <c>Mon,Wed,Fri</c>, <c>Mon-Sun</c>.</summary>
    public static string FormatDays(ScheduleDays days)
    {
        var runs = new List<string>();
        var day = 0;
        while (day < 7)
        {
            if (!Has(days, day))
            {
                day++;
                continue;
            }

            var last = day;
            while (last + 1 < 7 && Has(days, last + 1))
            {
                last++;
            }

            runs.Add(last - day >= 2 ? $"{Short(day)}-{Short(last)}" : last == day ? Short(day) : $"{Short(day)},{Short(last)}");
            day = last + 1;
        }

        return runs.Count == 0 ? "none" : string.Join(",", runs);
    }

    /// <summary><c>off</c> (no limit), <c>0</c> (hold), or the rate in the largest binary unit that divides it: <c>1M</c>, <c>1536k</c>, <c>1000</c>.</summary>
    public static string FormatLimit(long? limit)
    {
        if (limit is not { } value)
        {
            return "off";
        }

        foreach (var (unit, size) in new[] { ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("k", 1L << 10) })
        {
            if (value > 0 && value % size == 0)
            {
                return (value / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What is wrong with <paramref name="rules"/>, or <see langword="null"/> when they make a valid schedule: at most
    /// <see cref="MaxRules"/> rules, each with days, whole-minute times from 00:00 to 24:00 (starting before 24:00, not
    /// ending where it starts) and a limit that is not negative.
    /// </summary>
    public static string? Validate(IReadOnlyList<BandwidthRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > MaxRules)
        {
            return $"A bandwidth schedule has at most {MaxRules} rules; this one has {rules.Count}.";
        }

        for (var i = 0; i < rules.Count; i++)
        {
            if (Problem(rules[i]) is { } problem)
            {
                return $"Bandwidth schedule rule {i + 1}: {problem}.";
            }
        }

        return null;
    }

    private static string? Problem(BandwidthRule? rule) => rule switch
    {
        null => "the rule is missing",
        { Days: ScheduleDays.None } => "it has no days",
        { Days: var days } when (days & ~ScheduleDays.EveryDay) != 0 => $"'{days}' are not days",
        { Start: var start } when start < TimeSpan.Zero || start >= Day => $"it starts at {start}; a window starts from 00:00 to 23:59",
        { End: var end } when end < TimeSpan.Zero || end > Day => $"it ends at {end}; a window ends from 00:00 to 24:00",
        { Start: var start, End: var end } when start.Ticks % TimeSpan.TicksPerMinute != 0 || end.Ticks % TimeSpan.TicksPerMinute != 0 =>
            "its times must be whole minutes",
        { Start: var start, End: var end } when start == end => "it ends where it starts (00:00-24:00 is a whole day)",
        { Limit: < 0 } => "its limit is negative (0 holds background jobs; no limit is null)",
        _ => null,
    };

    private static bool TryParseRule(string text, [NotNullWhen(true)] out BandwidthRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        var window = WindowPattern().Match(text);
        if (!window.Success)
        {
            error = "no time window; write it as HH:MM-HH:MM in 24-hour time, e.g. 08:00-17:00";
            return false;
        }

        var daysText = text[..window.Index].Trim();
        var limitText = text[(window.Index + window.Length)..].Trim();
        if (!TryParseDays(daysText, out var days, out error)
            || !TryParseTime(window.Groups["start"].Value, isEnd: false, out var start, out error)
            || !TryParseTime(window.Groups["end"].Value, isEnd: true, out var end, out error))
        {
            return false;
        }

        if (start == end)
        {
            error = $"the window {window.Value.Trim()} is empty; use 00:00-24:00 for a whole day";
            return false;
        }

        if (limitText.Length == 0)
        {
            error = "no limit after the window; " + LimitHelp;
            return false;
        }

        if (!TryParseLimit(limitText, out var limit, out error))
        {
            return false;
        }

        rule = new BandwidthRule { Days = days, Start = start, End = end, Limit = limit };
        return true;
    }

    private static bool TryParseDays(string text, out ScheduleDays days, [NotNullWhen(false)] out string? error)
    {
        days = ScheduleDays.None;
        error = null;
        if (text.Length == 0)
        {
            days = ScheduleDays.EveryDay;
            return true;
        }

        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var word = item.ToUpperInvariant();
            if (word is "DAILY" or "EVERYDAY" or "ALL" or "*")
            {
                days |= ScheduleDays.EveryDay;
                continue;
            }

            if (word is "WEEKDAYS")
            {
                days |= ScheduleDays.Weekdays;
                continue;
            }

            if (word is "WEEKEND" or "WEEKENDS")
            {
                days |= ScheduleDays.Weekend;
                continue;
            }

            var range = item.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2 || !TryParseDay(range[0], out var first, out error))
            {
                error ??= $"'{item}' is not a day or a range of days";
                return false;
            }

            var last = first;
            if (range.Length == 2 && !TryParseDay(range[1], out last, out error))
            {
                return false;
            }

            // Fri-Mon wraps over the weekend.
            for (var day = first; ; day = (day + 1) % 7)
            {
                days |= (ScheduleDays)(1 << day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return true;
    }

    private static bool TryParseDay(string text, out int day, [NotNullWhen(false)] out string? error)
    {
        for (day = 0; day < 7; day++)
        {
            var name = DayNames[day];
            if (text.Length >= 2 && text.Length <= name.Length && name.StartsWith(text, StringComparison.OrdinalIgnoreCase) && (text.Length >= 3 || IsUniqueTwoLetters(text)))
            {
                error = null;
                return true;
            }
        }

        error = $"'{text}' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun (or full names), ranges such as Mon-Fri, lists such as Sat,Sun, weekdays, weekend or daily";
        return false;
    }

    // "Mo", "We", "Fr" name one day; "Tu"/"Th" and "Sa"/"Su" would too, but "T" and "S" alone do not.
    private static bool IsUniqueTwoLetters(string text) => DayNames.Count(n => n.StartsWith(text, StringComparison.OrdinalIgnoreCase)) == 1;

    private static bool TryParseTime(string text, bool isEnd, out TimeSpan time, [NotNullWhen(false)] out string? error)
    {
        time = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var hours = int.Parse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture);
        var minutes = int.Parse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
        {
            error = $"'{text}' is not a time; use 24-hour HH:MM from 00:00 to 24:00";
            return false;
        }

        if (hours == 24 && !isEnd)
        {
            error = "a window cannot start at 24:00; start it at 00:00";
            return false;
        }

        time = new TimeSpan(hours, minutes, 0);
        error = null;
        return true;
    }

    private static bool TryParseLimit(string text, out long? limit, [NotNullWhen(false)] out string? error)
    {
        limit = null;
        error = null;
        var value = text.EndsWith("/s", StringComparison.OrdinalIgnoreCase) ? text[..^2].TrimEnd() : text;
        if (NoLimitWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var match = RatePattern().Match(value);
        if (!match.Success)
        {
            error = value.StartsWith('-') ? $"'{text}' is negative; {LimitHelp}" : $"'{text}' is not a rate; {LimitHelp}";
            return false;
        }

        var unit = match.Groups["unit"].Value;
        if (unit.EndsWith('b'))
        {
            error = unit.Length == 1
                ? $"'{text}': 'b' means bits; write the rate in bytes"
                : $"'{text}': 'b' means bits; write the rate in bytes, e.g. {unit[..1].ToUpperInvariant()}B or {unit[..1]}";
            return false;
        }

        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var power = unit.Length == 0 || unit == "B" ? 0 : "KMGT".IndexOf(char.ToUpperInvariant(unit[0]), StringComparison.Ordinal) + 1;
        if (power == 0 && number != decimal.Truncate(number))
        {
            error = $"'{text}' is not a whole number of bytes; add a unit (e.g. 1.5M) or give whole bytes";
            return false;
        }

        var bytes = number;
        for (var i = 0; i < power; i++)
        {
            if (bytes > long.MaxValue / 1024m)
            {
                error = $"'{text}' is too large";
                return false;
            }

            bytes *= 1024;
        }

        bytes = decimal.Round(bytes, MidpointRounding.AwayFromZero);
        if (bytes > long.MaxValue)
        {
            error = $"'{text}' is too large";
            return false;
        }

        limit = (long)bytes;
        return true;
    }

    private static bool Has(ScheduleDays days, int day) => (days & (ScheduleDays)(1 << day)) != 0;

    private static string Short(int day) => DayNames[day][..3];

    private static string FormatTime(TimeSpan time) =>
        $"{(int)time.TotalHours:00}:{time.Minutes:00}";

    [GeneratedRegex(@"(?<![\d:])(?<start>\d{1,2}:\d{2})\s*-\s*(?<end>\d{1,2}:\d{2})(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex WindowPattern();

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?|\.\d+)\s*(?<unit>([kKmMgGtT]([iI]?[bB])?)|B|b)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();
}
