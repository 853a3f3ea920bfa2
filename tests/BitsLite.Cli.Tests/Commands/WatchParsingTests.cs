using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Commands;

/// <summary><c>bitslite watch</c> parses its options and refuses bad ones with exit code 2, before any host is contacted (none runs here).</summary>
public sealed class WatchParsingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Help_NamesEveryOption_AndHowItEnds()
    {
        var result = await CliRunner.RunAsync(_directory.Path, "watch", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--json", "--no-progress", "--progress-interval" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("exit 0 if all are Transferred", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOverview_ListsWatch()
    {
        var result = await CliRunner.RunAsync(_directory.Path, "--help");

        Assert.Contains("  watch", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon", "--progress-interval: ")]
    [InlineData("-1s", "--progress-interval: ")]
    [InlineData("2h", "--progress-interval: at most 1h.")]
    public async Task ABadProgressInterval_IsAUsageError(string interval, string said)
    {
        var result = await CliRunner.RunAsync(_directory.Path, "watch", "--progress-interval", interval);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bitslite: " + said, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task AnUnknownOption_IsNotTakenForAJob()
    {
        var result = await CliRunner.RunAsync(_directory.Path, "watch", "--follow");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--follow", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAHost_ItSaysSoWithFive_AndPrintsNothing()
    {
        var result = await CliRunner.RunAsync(_directory.Path, "watch", "--json");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("", result.Output);
    }
}
