using BitsLite.Cli.Output;
using BitsLite.Client.Progress;

namespace BitsLite.Cli.Tests.Output;

public class FormatterTests
{
    [Theory]
    [InlineData(-1, "?")]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.00 KiB")]
    [InlineData(1536, "1.50 KiB")]
    [InlineData(524_288, "512 KiB")]
    [InlineData(12_897_485, "12.3 MiB")]
    [InlineData(1_048_575, "1.00 MiB")]
    [InlineData(1_099_511_627_776, "1.00 TiB")]
    public void Sizes_UseBinaryUnits_WithThreeSignificantDigits(long bytes, string expected) =>
        Assert.Equal(expected, ByteSizeFormatter.Format(bytes));

    [Fact]
    public void RatesAndLimits_ReadInBinaryUnitsPerSecond_OrNone()
    {
        Assert.Equal("3.10 MiB/s", ByteSizeFormatter.FormatRate(3.1 * 1024 * 1024));
        Assert.Equal("0 B/s", ByteSizeFormatter.FormatRate(-5));
        Assert.Equal("2.00 MiB/s", ByteSizeFormatter.FormatLimit(2 * 1024 * 1024));
        Assert.Equal("none", ByteSizeFormatter.FormatLimit(null));
        Assert.Equal("none", ByteSizeFormatter.FormatLimit(0));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(600, "10m")]
    [InlineData(5400, "1h30m")]
    [InlineData(1_209_600, "14d")]
    [InlineData(86_700, "1d5m")]
    public void ExactDurations_ReadBackAsInput(double seconds, string expected)
    {
        Assert.Equal(expected, DurationFormatter.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(BitsLite.Cli.Arguments.DurationParser.TryParse(expected, out var parsed, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(200, "3m20s")]
    [InlineData(7500, "2h05m")]
    [InlineData(7200, "2h00m")]
    [InlineData(183_600, "2d3h")]
    public void ApproximateDurations_KeepTwoUnits(double seconds, string expected) =>
        Assert.Equal(expected, DurationFormatter.FormatApproximate(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Tables_AlignColumns_WithoutTrailingSpaces()
    {
        var table = new TextTable().AddColumn("NAME").AddColumn("SIZE", alignRight: true).AddColumn("NOTE");
        table.AddRow("a", "1 B", "");
        table.AddRow("longer", "100 KiB", "x");
        var lines = table.Render().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME       SIZE  NOTE", "a           1 B", "longer  100 KiB  x"], lines);
    }

    [Fact]
    public void LongCells_AreCutVisibly()
    {
        var table = new TextTable().AddColumn("NAME", maxWidth: 5);
        table.AddRow("abcdefgh");
        Assert.Contains("abcd…", table.Render(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => table.AddRow("a", "b"));
    }
}
