using BitsLite.Server.Protocol;

namespace BitsLite.Server.Tests.Protocol;

public class ContentRangeTests
{
    [Theory]
    [InlineData("bytes 0-99/200", 0, 99, 200)]
    [InlineData("Bytes 100-199/200", 100, 199, 200)]
    [InlineData("  bytes   5-5/6 ", 5, 5, 6)]
    [InlineData("bytes 0-0/1", 0, 0, 1)]
    public void ReadsTheDocumentedForm_BytesStartEndTotal(string header, long start, long end, long total)
    {
        Assert.True(ContentRange.TryParse(header, out var range));
        Assert.Equal(new ContentRange(start, end, total), range);
        Assert.Equal(end - start + 1, range.Length);
    }

    [Fact]
    public void ReadsAnEmptyFile_AsBytesStarSlashZero()
    {
        Assert.True(ContentRange.TryParse("bytes */0", out var range));
        Assert.Equal(0, range.Length);
        Assert.Equal(0, range.Total);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0-99/200")]
    [InlineData("bytes=0-99/200")]
    [InlineData("bytes 0-99")]
    [InlineData("bytes 0-99/*")]
    [InlineData("bytes 99-0/200")]
    [InlineData("bytes 0-200/200")]
    [InlineData("bytes -5/200")]
    [InlineData("bytes 0--1/200")]
    [InlineData("bytes +1-5/200")]
    [InlineData("bytes */10")]
    [InlineData("bytes 0-99/99999999999999999999")]
    [InlineData("items 0-99/200")]
    public void RefusesAnythingElse(string? header)
    {
        Assert.False(ContentRange.TryParse(header, out _));
    }

    [Fact]
    public void KnowsWhetherARangeEndsTheFile()
    {
        Assert.True(new ContentRange(100, 199, 200).IsLast);
        Assert.False(new ContentRange(0, 99, 200).IsLast);
    }
}
