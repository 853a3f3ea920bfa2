using BitsLite.Cli.Arguments;

namespace BitsLite.Cli.Tests.Arguments;

public class DurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("600", 600)]
    [InlineData("1.5", 1.5)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1D12H", 129600)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData("00:10:00", 600)]
    [InlineData("1.02:00:00", 93600)]
    public void ParsesSeconds_UnitsAndTimeSpans(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("", "a duration is required")]
    [InlineData("-1", "is negative")]
    [InlineData("10x", "unknown unit 'x'")]
    [InlineData("1h30", "a number without a unit")]
    [InlineData("30m1h", "out of order")]
    [InlineData("1h1h", "repeats a unit")]
    [InlineData("none", "is not a duration")]
    [InlineData("1:xx", "is not a duration")]
    [InlineData("h", "is not a duration")]
    [InlineData("99999999999w", "too long")]
    public void RefusesBadDurations_SayingWhy(string text, string message)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("off")]
    public void None_MeansZero_OnlyWhereAllowed(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out _, allowNone: true));
        Assert.Equal(TimeSpan.Zero, duration);
    }
}
