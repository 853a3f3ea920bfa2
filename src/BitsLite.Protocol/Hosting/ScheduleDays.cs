namespace BitsLite.Protocol.Hosting;

/// <summary>The days of the week a <see cref="BandwidthRule"/> applies on (the day its window starts).</summary>
[Flags]
public enum ScheduleDays
{
    /// <summary>No day; a rule needs at least one.</summary>
    None = 0,

    /// <summary>Monday.</summary>
    Monday = 1,

    /// <summary>Tuesday.</summary>
    Tuesday = 2,

    /// <summary>Wednesday.</summary>
    Wednesday = 4,

    /// <summary>Thursday.</summary>
    Thursday = 8,

    /// <summary>Friday.</summary>
    Friday = 16,

    /// <summary>Saturday.</summary>
    Saturday = 32,

    /// <summary>Sunday.</summary>
    Sunday = 64,

    /// <summary>Monday to Friday.</summary>
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,

    /// <summary>Saturday and Sunday.</summary>
    Weekend = Saturday | Sunday,

    /// <summary>Every day of the week.</summary>
    EveryDay = Weekdays | Weekend,
}
