using BitsLite.Cli.Arguments;

namespace BitsLite.Cli.Tests.Arguments;

public class ByteSizeParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("65536", 65536)]
    [InlineData("500k", 512_000)]
    [InlineData("500K", 512_000)]
    [InlineData("500KB", 512_000)]
    [InlineData("500kB", 512_000)]
    [InlineData("500KiB", 512_000)]
    [InlineData("2M", 2_097_152)]
    [InlineData("2m", 2_097_152)]
    [InlineData("1.5MB", 1_572_864)]
    [InlineData("2MiB/s", 2_097_152)]
    [InlineData("1 G", 1_073_741_824)]
    [InlineData("1T", 1_099_511_627_776)]
    [InlineData("100B", 100)]
    [InlineData("0.5k", 512)]
    [InlineData(" 10k ", 10_240)]
    [InlineData("none", 0)]
    [InlineData("OFF", 0)]
    [InlineData("unlimited", 0)]
    public void ParsesBytes_AndBinaryUnits(string text, long expected)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("", "a size is required")]
    [InlineData("-5", "is negative")]
    [InlineData("abc", "is not a size")]
    [InlineData("2Mb", "'b' means bits")]
    [InlineData("500kb", "'b' means bits")]
    [InlineData("1.5", "not a whole number of bytes")]
    [InlineData("5X", "unknown unit 'X'")]
    [InlineData("5MX", "unknown unit 'MX'")]
    [InlineData("1..5k", "is not a size")]
    [InlineData("99999999999T", "too large")]
    public void RefusesBadSizes_SayingWhy(string text, string message)
    {
        Assert.False(ByteSizeParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
