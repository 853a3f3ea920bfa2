using BitsLite.Engine.Policy;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Tests.Policy;

/// <summary>Which limit a schedule gives when, on the wall clock of a fixed zone (UTC+1, EU daylight saving time).</summary>
public class BandwidthTimetableTests
{
    private const long Outside = 5000;

    private static readonly TimeZoneInfo Zone = TestTimeZones.CentralEurope;

    private static BandwidthTimetable Timetable(string schedule, long? outside = Outside) =>
        new(BandwidthSchedule.Parse(schedule), outside, Zone);

    /// <summary>An instant given as the zone's wall clock (which must exist and be unambiguous).</summary>
    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0)
    {
        var wall = new DateTime(2026, month, day, hour, minute, 0);
        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 7, 59, Outside)] // Monday 5 January 2026, before the window
    [InlineData(5, 8, 0, 1_048_576L)]
    [InlineData(9, 16, 59, 1_048_576L)] // Friday
    [InlineData(9, 17, 0, Outside)]
    [InlineData(10, 10, 0, Outside)] // Saturday
    public void AWeekdayWindow_HoldsFromItsStart_ToJustBeforeItsEnd(int day, int hour, int minute, long? limit) =>
        Assert.Equal(limit, Timetable("Mon-Fri 08:00-17:00 1M").LimitAt(Local(1, day, hour, minute)));

    [Fact]
    public void TheFirstMatchingRule_Wins_AndNoLimitIsAValue()
    {
        var timetable = Timetable("Mon 09:00-10:00 off; Mon-Fri 08:00-17:00 1M; Mon 08:00-12:00 2M");

        Assert.Equal(1_048_576, timetable.LimitAt(Local(1, 5, 8, 30)));
        Assert.Null(timetable.LimitAt(Local(1, 5, 9, 30)));
        Assert.Equal(1_048_576, timetable.LimitAt(Local(1, 5, 11, 0)));
    }

    [Theory]
    [InlineData(9, 21, 59, Outside)] // Friday, before
    [InlineData(9, 22, 0, 0L)]
    [InlineData(9, 23, 59, 0L)]
    [InlineData(10, 0, 0, 0L)] // Saturday morning still belongs to Friday's window
    [InlineData(10, 5, 59, 0L)]
    [InlineData(10, 6, 0, Outside)]
    [InlineData(10, 23, 0, Outside)] // Saturday night: only Friday was named
    [InlineData(9, 5, 0, Outside)] // Friday morning would be Thursday's window
    public void AWindowWhoseEndIsBeforeItsStart_RunsPastMidnight_IntoTheNextDay(int day, int hour, int minute, long? limit) =>
        Assert.Equal(limit, Timetable("Fri 22:00-06:00 0").LimitAt(Local(1, day, hour, minute)));

    [Fact]
    public void AWindowEndingAt24_EndsAtMidnight()
    {
        var timetable = Timetable("Sun 20:00-24:00 0");

        Assert.Equal(0, timetable.LimitAt(Local(1, 11, 23, 59)));
        Assert.Equal(Outside, timetable.LimitAt(Local(1, 12, 0, 0)));
        Assert.Equal(new BandwidthInForce(0, Local(1, 12, 0)), timetable.InForceAt(Local(1, 11, 21)));
    }

    [Fact]
    public void Until_IsTheNextChange_InTheZonesOffset_SkippingBoundariesThatChangeNothing()
    {
        var timetable = Timetable("Mon 08:00-12:00 1M; Mon 12:00-17:00 1M");

        var inForce = timetable.InForceAt(Local(1, 5, 9));

        Assert.Equal(new BandwidthInForce(1_048_576, Local(1, 5, 17)), inForce);
        Assert.Equal(TimeSpan.FromHours(1), inForce.Until!.Value.Offset);
        Assert.Equal(17, inForce.Until.Value.Hour);
    }

    [Fact]
    public void Until_LooksAcrossTheWeek()
    {
        // Saturday evening: the next change is Monday 08:00.
        Assert.Equal(new BandwidthInForce(Outside, Local(1, 12, 8)), Timetable("Mon-Fri 08:00-17:00 1M").InForceAt(Local(1, 10, 18)));
        Assert.Equal(new BandwidthInForce(Outside, Local(1, 12, 8)), Timetable("Mon 08:00-17:00 1M").InForceAt(Local(1, 5, 17)));
    }

    [Fact]
    public void Until_IsNull_WhenTheLimitNeverChanges()
    {
        Assert.Equal(new BandwidthInForce(Outside, null), Timetable("Mon 08:00-17:00 5000").InForceAt(Local(1, 5, 9)));
        Assert.Equal(new BandwidthInForce(0, null), Timetable("00:00-24:00 0").InForceAt(Local(1, 5, 9)));
        Assert.Equal(new BandwidthInForce(Outside, null), new BandwidthTimetable(null, Outside, Zone).InForceAt(Local(1, 5, 9)));
        Assert.True(new BandwidthTimetable([], null, Zone).IsEmpty);
    }

    [Fact]
    public void AfterClocksGoForward_TheWindowStartsAtItsLocalTime_AnHourEarlierInUtc()
    {
        var timetable = Timetable("Mon-Fri 08:00-17:00 1M");

        // Friday 27 March: 08:00 CET is 07:00 UTC. Clocks go forward on Sunday 29 March.
        Assert.Equal(Utc(3, 27, 7), timetable.InForceAt(Utc(3, 27, 6)).Until);
        var weekend = timetable.InForceAt(Utc(3, 27, 17));

        // Monday 30 March: 08:00 CEST is 06:00 UTC, not 07:00.
        Assert.Equal(Utc(3, 30, 6), weekend.Until);
        Assert.Equal(TimeSpan.FromHours(2), weekend.Until!.Value.Offset);
        Assert.Equal(Outside, timetable.LimitAt(Utc(3, 30, 5, 59)));
        Assert.Equal(1_048_576, timetable.LimitAt(Utc(3, 30, 6)));
    }

    [Fact]
    public void AWindowStartingInTheSkippedHour_StartsWhenTheClocksJump()
    {
        // Sunday 29 March 2026: at 01:00 UTC the clocks jump from 02:00 CET to 03:00 CEST; 02:30 never happens.
        var timetable = Timetable("Sun 02:30-04:00 0");

        Assert.Equal(new BandwidthInForce(Outside, Utc(3, 29, 1)), timetable.InForceAt(Utc(3, 29, 0, 30)));
        Assert.Equal(new BandwidthInForce(0, Utc(3, 29, 2)), timetable.InForceAt(Utc(3, 29, 1)));
    }

    [Fact]
    public void AWindowInTheRepeatedHour_HoldsEachTimeTheClocksShowIt()
    {
        // Sunday 25 October 2026: at 01:00 UTC the clocks go back from 03:00 CEST to 02:00 CET, so 02:30 comes twice.
        var timetable = Timetable("Sun 02:30-02:45 0");
        var changes = new List<BandwidthInForce>();
        var at = Utc(10, 25, 0);
        for (var inForce = timetable.InForceAt(at); inForce.Until is { } until && until < Utc(10, 25, 3); inForce = timetable.InForceAt(until))
        {
            changes.Add(inForce);
        }

        Assert.Equal(
            [
                new BandwidthInForce(Outside, Utc(10, 25, 0, 30)), // 02:30 CEST
                new BandwidthInForce(0, Utc(10, 25, 0, 45)),
                new BandwidthInForce(Outside, Utc(10, 25, 1, 30)), // 02:30 CET, once more
                new BandwidthInForce(0, Utc(10, 25, 1, 45)),
            ],
            changes);
    }

    [Fact]
    public void AWindowAcrossTheRepeatedHour_HoldsWhileTheClocksAreInside()
    {
        // 02:00-03:00 on the day clocks go back: 00:00-01:00 UTC (CEST), then again 01:00-02:00 UTC (CET).
        var timetable = Timetable("Sun 02:00-03:00 0");

        Assert.Equal(new BandwidthInForce(0, Utc(10, 25, 2)), timetable.InForceAt(Utc(10, 25, 0, 10)));
        Assert.Equal(0, timetable.LimitAt(Utc(10, 25, 1, 10)));
        Assert.Equal(Outside, timetable.LimitAt(Utc(10, 25, 2)));
    }
}
