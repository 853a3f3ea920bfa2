using BitsLite.UploadServer;

namespace BitsLite.Server.Tests.UploadServer;

public class ArgumentParsersTests
{
    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64k", 65536L)]
    [InlineData("512M", 536870912L)]
    [InlineData("2G", 2147483648L)]
    [InlineData("2GiB", 2147483648L)]
    [InlineData("2gb", 2147483648L)]
    [InlineData("1.5G", 1610612736L)]
    [InlineData("1T", 1099511627776L)]
    public void Sizes_AreBytesOrBinaryUnits(string text, long bytes)
    {
        Assert.True(SizeParser.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("-1")]
    [InlineData("2X")]
    [InlineData("99999999999T")]
    public void BadSizes_AreRefused(string text)
    {
        Assert.False(SizeParser.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14d", 14 * 86400)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1d12h", 86400 + 12 * 3600)]
    [InlineData("1.12:00:00", 86400 + 12 * 3600)]
    public void Durations_AreUnitsOrTimeSpans(string text, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("14")]
    [InlineData("0s")]
    [InlineData("3w")]
    [InlineData("-1:00:00")]
    public void BadDurations_AreRefused(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData(4L << 30, "4G")]
    [InlineData(240L, "240")]
    [InlineData(1536L, "1536")]
    [InlineData(2048L, "2k")]
    [InlineData(0L, "0")]
    public void Sizes_AreWrittenInTheLargestUnitThatDividesThem(long bytes, string text)
    {
        Assert.Equal(text, SizeParser.Format(bytes));
        Assert.True(SizeParser.TryParse(text, out var parsed, out _));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData(86400, "1d")]
    [InlineData(129600, "36h")]
    [InlineData(30, "30s")]
    [InlineData(90, "90s")]
    [InlineData(120, "2m")]
    public void Durations_AreWrittenInTheLargestUnitThatDividesThem(int seconds, string text)
    {
        Assert.Equal(text, DurationParser.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(DurationParser.TryParse(text, out var parsed, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed);
    }
}
