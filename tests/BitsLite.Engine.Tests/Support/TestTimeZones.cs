namespace BitsLite.Engine.Tests.Support;

/// <summary>Time zones built in code, so that schedule tests mean the same on every machine whatever its tz database.</summary>
public static class TestTimeZones
{
    /// <summary>
    /// Central European time as the EU keeps it: UTC+1, and UTC+2 from the last Sunday of March 02:00 (clocks jump to
    /// 03:00) to the last Sunday of October 03:00 (clocks go back to 02:00). In 2026: 29 March and 25 October.
    /// </summary>
    public static TimeZoneInfo CentralEurope { get; } = TimeZoneInfo.CreateCustomTimeZone(
        "Test/CentralEurope",
        TimeSpan.FromHours(1),
        "Test Central Europe",
        "CET",
        "CEST",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date,
                DateTime.MaxValue.Date,
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday)),
        ]);
}
