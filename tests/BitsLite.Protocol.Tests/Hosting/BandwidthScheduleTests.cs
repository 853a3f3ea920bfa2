using System.Text.Json;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Hosting;

public class BandwidthScheduleTests
{
    private static BandwidthRule Rule(ScheduleDays days, int startHour, int endHour, long? limit, int startMinute = 0, int endMinute = 0) =>
        new() { Days = days, Start = new TimeSpan(startHour, startMinute, 0), End = new TimeSpan(endHour, endMinute, 0), Limit = limit };

    [Fact]
    public void TheExampleSchedule_ParsesIntoTwoRules_InOrder()
    {
        var rules = BandwidthSchedule.Parse("Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k");

        Assert.Equal([Rule(ScheduleDays.Weekdays, 8, 17, 1_048_576), Rule(ScheduleDays.Weekend, 10, 12, 262_144)], rules);
    }

    [Theory]
    [InlineData("Mon 00:00-24:00 off", ScheduleDays.Monday, 0, 24, null)]
    [InlineData("monday 9:00-17:00 none", ScheduleDays.Monday, 9, 17, null)]
    [InlineData("Tue,Thu 06:00-07:00 unlimited", ScheduleDays.Tuesday | ScheduleDays.Thursday, 6, 7, null)]
    [InlineData("Fri-Mon 01:00-02:00 0", ScheduleDays.Friday | ScheduleDays.Weekend | ScheduleDays.Monday, 1, 2, 0L)]
    [InlineData("Mon-Wed,Fri 08:00-17:00 1.5M", ScheduleDays.Monday | ScheduleDays.Tuesday | ScheduleDays.Wednesday | ScheduleDays.Friday, 8, 17, 1_572_864L)]
    [InlineData("Sat, Sun 10:00 - 12:00 512KiB/s", ScheduleDays.Weekend, 10, 12, 524_288L)]
    [InlineData("weekdays 22:00-06:00 2G", ScheduleDays.Weekdays, 22, 6, 2_147_483_648L)]
    [InlineData("Weekend 00:00-24:00 65536", ScheduleDays.Weekend, 0, 24, 65_536L)]
    [InlineData("daily 12:00-13:00 1k", ScheduleDays.EveryDay, 12, 13, 1024L)]
    [InlineData("12:00-13:00 1kB", ScheduleDays.EveryDay, 12, 13, 1024L)]
    [InlineData("Sun-Sun 23:00-01:00 1T", ScheduleDays.Sunday, 23, 1, 1_099_511_627_776L)]
    public void OneRule_Parses(string text, ScheduleDays days, int start, int end, long? limit)
    {
        var rule = Assert.Single(BandwidthSchedule.Parse(text));

        Assert.Equal(Rule(days, start, end, limit), rule);
    }

    [Fact]
    public void EmptyRules_BetweenSemicolons_AreSkipped() =>
        Assert.Equal(2, BandwidthSchedule.Parse(" Mon 08:00-09:00 1M ;; Tue 08:00-09:00 2M ; ").Count);

    [Theory]
    [InlineData("", "the schedule is empty")]
    [InlineData(" ; ", "the schedule is empty")]
    [InlineData("Mon-Fri 1M", "rule 1 ('Mon-Fri 1M'): no time window; write it as HH:MM-HH:MM in 24-hour time, e.g. 08:00-17:00")]
    [InlineData("Mon 8-17 1M", "no time window")]
    [InlineData("Mon 08:00-17:00", "rule 1 ('Mon 08:00-17:00'): no limit after the window")]
    [InlineData("Mun 08:00-17:00 1M", "'Mun' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun")]
    [InlineData("Mon-Fri-Sat 08:00-17:00 1M", "'Mon-Fri-Sat' is not a day or a range of days")]
    [InlineData("T 08:00-17:00 1M", "'T' is not a day")]
    [InlineData("Mon 25:00-26:00 1M", "'25:00' is not a time; use 24-hour HH:MM from 00:00 to 24:00")]
    [InlineData("Mon 08:60-09:00 1M", "'08:60' is not a time")]
    [InlineData("Mon 24:00-06:00 1M", "a window cannot start at 24:00; start it at 00:00")]
    [InlineData("Mon 24:30-06:00 1M", "'24:30' is not a time")]
    [InlineData("Mon 08:00-08:00 1M", "the window 08:00-08:00 is empty; use 00:00-24:00 for a whole day")]
    [InlineData("Mon 08:00-09:00 fast", "'fast' is not a rate; give bytes per second with k, M or G (binary), e.g. 512k or 10M, 'off' for no limit, or 0 to hold background jobs")]
    [InlineData("Mon 08:00-09:00 -5", "'-5' is negative")]
    [InlineData("Mon 08:00-09:00 10Mb", "'10Mb': 'b' means bits; write the rate in bytes, e.g. MB or M")]
    [InlineData("Mon 08:00-09:00 100b", "'100b': 'b' means bits")]
    [InlineData("Mon 08:00-09:00 1.5", "'1.5' is not a whole number of bytes")]
    [InlineData("Mon 08:00-09:00 9999999999T", "'9999999999T' is too large")]
    [InlineData("Mon 08:00-09:00 1M; Tue 08:00-09:00 1X", "rule 2 ('Tue 08:00-09:00 1X'): '1X' is not a rate")]
    public void BadInput_IsRefused_WithAMessageThatSaysWhere(string text, string message)
    {
        Assert.False(BandwidthSchedule.TryParse(text, out var rules, out var error));

        Assert.Null(rules);
        Assert.Contains(message, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => BandwidthSchedule.Parse(text));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void MoreThan32Rules_AreRefused()
    {
        var text = string.Join("; ", Enumerable.Repeat("Mon 08:00-09:00 1M", 33));

        Assert.False(BandwidthSchedule.TryParse(text, out _, out var error));
        Assert.Equal("a schedule has at most 32 rules; this one has 33", error);
        Assert.Equal(32, BandwidthSchedule.Parse(string.Join("; ", Enumerable.Repeat("Mon 08:00-09:00 1M", 32))).Count);
    }

    [Theory]
    [InlineData("Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k")]
    [InlineData("Mon,Wed,Fri 22:30-06:15 0")]
    [InlineData("Mon-Sun 00:00-24:00 off")]
    [InlineData("Fri-Sun 01:00-02:00 1536k; Mon 03:00-04:00 1000")]
    [InlineData("Mon,Sat,Sun 09:00-10:00 3G")]
    public void FormattedSchedules_ReadBackTheSame(string text)
    {
        var rules = BandwidthSchedule.Parse(text);

        Assert.Equal(text, BandwidthSchedule.Format(rules));
        Assert.Equal(rules, BandwidthSchedule.Parse(BandwidthSchedule.Format(rules)));
        Assert.Equal(text.Split("; ")[0], rules[0].ToString());
    }

    [Theory]
    [InlineData(null, "off")]
    [InlineData(0L, "0")]
    [InlineData(1000L, "1000")]
    [InlineData(1024L, "1k")]
    [InlineData(1_572_864L, "1536k")]
    [InlineData(3_221_225_472L, "3G")]
    public void Limits_AreShownInTheLargestUnitThatDividesThem(long? limit, string text) =>
        Assert.Equal(text, BandwidthSchedule.FormatLimit(limit));

    [Fact]
    public void Validate_AcceptsOverlappingRules_AndAWholeDay() =>
        Assert.Null(BandwidthSchedule.Validate([Rule(ScheduleDays.EveryDay, 0, 24, 0), Rule(ScheduleDays.Monday, 8, 9, 1000)]));

    [Fact]
    public void Validate_NamesTheFirstBadRule()
    {
        Assert.Equal("Bandwidth schedule rule 2: it has no days.", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 1, 2, null), Rule(ScheduleDays.None, 1, 2, null)]));
        Assert.Equal("Bandwidth schedule rule 1: '128' are not days.", BandwidthSchedule.Validate([Rule((ScheduleDays)128, 1, 2, null)]));
        Assert.Equal("Bandwidth schedule rule 1: it starts at 1.00:00:00; a window starts from 00:00 to 23:59.", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 24, 2, null)]));
        Assert.Equal("Bandwidth schedule rule 1: it ends at 1.01:00:00; a window ends from 00:00 to 24:00.", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 1, 25, null)]));
        Assert.Equal("Bandwidth schedule rule 1: its times must be whole minutes.", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 1, 2, null) with { Start = new TimeSpan(1, 0, 30) }]));
        Assert.Equal("Bandwidth schedule rule 1: it ends where it starts (00:00-24:00 is a whole day).", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 0, 0, null)]));
        Assert.Equal("Bandwidth schedule rule 1: its limit is negative (0 holds background jobs; no limit is null).", BandwidthSchedule.Validate([Rule(ScheduleDays.Monday, 1, 2, -1)]));
        Assert.Equal("A bandwidth schedule has at most 32 rules; this one has 33.", BandwidthSchedule.Validate([.. Enumerable.Repeat(Rule(ScheduleDays.Monday, 1, 2, null), 33)]));
    }

    [Fact]
    public void OnTheWire_RulesAreObjects_WithDayNamesAndTimes()
    {
        var change = new SetPolicy(3, new HostPolicyChange { BandwidthSchedule = BandwidthSchedule.Parse("Mon-Fri 08:00-17:00 1M; Sat,Sun 22:00-24:00 off; Tue,Thu 01:00-02:00 0") });

        var json = JsonSerializer.Serialize<Message>(change, ProtocolJsonContext.Default.Message);
        var back = Assert.IsType<SetPolicy>(JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Message));

        Assert.Contains("\"bandwidthSchedule\":[{\"days\":\"Weekdays\",\"start\":\"08:00:00\",\"end\":\"17:00:00\",\"limit\":1048576},"
            + "{\"days\":\"Weekend\",\"start\":\"22:00:00\",\"end\":\"1.00:00:00\"},{\"days\":\"Tuesday, Thursday\",\"start\":\"01:00:00\",\"end\":\"02:00:00\",\"limit\":0}]", json, StringComparison.Ordinal);
        Assert.Equal(change.Change!.BandwidthSchedule, back.Change!.BandwidthSchedule);
    }

    [Fact]
    public void APolicyWithoutASchedule_SaysNothingAboutIt_OnTheWire()
    {
        var json = JsonSerializer.Serialize<Message>(new PolicyReply(1, new HostPolicy { MaxActiveJobs = 4 }), ProtocolJsonContext.Default.Message);

        Assert.DoesNotContain("bandwidthSchedule", json, StringComparison.Ordinal);
        Assert.DoesNotContain("effective", json, StringComparison.Ordinal);
    }
}
