using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Policy;

/// <summary>
/// Which background limit a bandwidth schedule gives at an instant, and when that next changes. Rules are read on the
/// wall clock of <see cref="Zone"/>: a window from 08:00 starts when the host's clocks say 08:00, whatever daylight
/// saving time did overnight. A boundary that falls into the hour clocks skip passes when they jump; one in the hour
/// they repeat passes at each time the clocks show it.
/// </summary>
internal sealed class BandwidthTimetable
{
    // A week repeats; a day more covers windows that run past midnight and a daylight saving change.
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    private readonly IReadOnlyList<BandwidthRule> _rules;
    private readonly long? _outside;

    /// <param name="rules">The schedule; <see langword="null"/> or empty for none.</param>
    /// <param name="outside">The limit outside every rule (the policy's BackgroundBandwidth).</param>
    /// <param name="zone">The host's time zone.</param>
    public BandwidthTimetable(IReadOnlyList<BandwidthRule>? rules, long? outside, TimeZoneInfo zone)
    {
        _rules = rules ?? [];
        _outside = outside;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Whether there are no rules, so the limit never changes by itself.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>The limit of the first rule whose window contains <paramref name="instant"/>, else the one outside every rule.</summary>
    public long? LimitAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        var day = DayIndex(local.DayOfWeek);
        foreach (var rule in _rules)
        {
            if (Contains(rule, day, local.TimeOfDay))
            {
                return rule.Limit;
            }
        }

        return _outside;
    }

    /// <summary>The limit at <paramref name="instant"/>, and the first later instant (in <see cref="Zone"/>'s offset) at which it differs.</summary>
    public BandwidthInForce InForceAt(DateTimeOffset instant)
    {
        var limit = LimitAt(instant);
        if (IsEmpty)
        {
            return new BandwidthInForce(limit, null);
        }

        // Between two boundaries no window opens or closes, so the limit can only change at one of them.
        foreach (var boundary in Boundaries(instant))
        {
            if (LimitAt(boundary) != limit)
            {
                return new BandwidthInForce(limit, TimeZoneInfo.ConvertTime(boundary, Zone));
            }
        }

        return new BandwidthInForce(limit, null);
    }

    /// <summary>Monday 0 … Sunday 6, the bit order of <see cref="ScheduleDays"/>.</summary>
    private static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static bool Has(ScheduleDays days, int day) => (days & (ScheduleDays)(1 << day)) != 0;

    private static bool Contains(BandwidthRule rule, int day, TimeSpan time) => rule.End > rule.Start
        ? Has(rule.Days, day) && time >= rule.Start && time < rule.End
        : (Has(rule.Days, day) && time >= rule.Start) || (Has(rule.Days, (day + 6) % 7) && time < rule.End);

    /// <summary>Every instant after <paramref name="after"/>, within the horizon, at which a window may open or close, in order.</summary>
    private SortedSet<DateTimeOffset> Boundaries(DateTimeOffset after)
    {
        var end = after + Horizon;
        var boundaries = new SortedSet<DateTimeOffset>();
        var firstDate = TimeZoneInfo.ConvertTime(after, Zone).DateTime.Date.AddDays(-1);
        for (var date = firstDate; date <= firstDate.AddDays(Horizon.Days + 2); date = date.AddDays(1))
        {
            foreach (var rule in _rules)
            {
                foreach (var instant in Instants(date + rule.Start).Concat(Instants(date + rule.End)))
                {
                    if (instant > after && instant <= end)
                    {
                        boundaries.Add(instant);
                    }
                }
            }
        }

        // Where clocks go back, times already passed come round again.
        boundaries.UnionWith(OffsetChanges(after, end));
        return boundaries;
    }

    /// <summary>The instants at which the clocks show <paramref name="wall"/>: none but the jump for a skipped time, two for a repeated one.</summary>
    private IEnumerable<DateTimeOffset> Instants(DateTime wall)
    {
        if (Zone.IsInvalidTime(wall))
        {
            // Skipped (clocks jump forward over it): the boundary passes at the jump, the first time the clocks show later.
            var later = wall;
            for (var i = 0; i < 48 * 60 && Zone.IsInvalidTime(later); i++)
            {
                later = later.AddMinutes(1);
            }

            yield return new DateTimeOffset(later, Zone.GetUtcOffset(later));
        }
        else if (Zone.IsAmbiguousTime(wall))
        {
            foreach (var offset in Zone.GetAmbiguousTimeOffsets(wall))
            {
                yield return new DateTimeOffset(wall, offset);
            }
        }
        else
        {
            yield return new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
        }
    }

    /// <summary>The instants in (<paramref name="from"/>, <paramref name="to"/>] at which the zone's offset changes.</summary>
    private List<DateTimeOffset> OffsetChanges(DateTimeOffset from, DateTimeOffset to)
    {
        var changes = new List<DateTimeOffset>();
        var step = TimeSpan.FromHours(1);
        var previous = from;
        var offset = Zone.GetUtcOffset(from);
        while (previous < to)
        {
            var next = previous + step < to ? previous + step : to;
            if (Zone.GetUtcOffset(next) != offset)
            {
                var (low, high) = (previous, next);
                while (high - low > TimeSpan.FromTicks(1))
                {
                    var middle = low + ((high - low) / 2);
                    (low, high) = Zone.GetUtcOffset(middle) == offset ? (middle, high) : (low, middle);
                }

                changes.Add(high);
                offset = Zone.GetUtcOffset(next);
            }

            previous = next;
        }

        return changes;
    }
}
