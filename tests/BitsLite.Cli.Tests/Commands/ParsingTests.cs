using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>Every verb parses, has help, and refuses bad input with exit code 2 before any host is contacted (none runs here).</summary>
public sealed class ParsingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Theory]
    [InlineData("transfer")]
    [InlineData("create")]
    [InlineData("add")]
    [InlineData("list")]
    [InlineData("info")]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("complete")]
    [InlineData("cancel")]
    [InlineData("set")]
    [InlineData("wait")]
    [InlineData("policy")]
    [InlineData("policy set")]
    [InlineData("host")]
    [InlineData("host status")]
    [InlineData("host start")]
    [InlineData("host stop")]
    [InlineData("host register")]
    [InlineData("host unregister")]
    [InlineData("host registration")]
    public async Task EveryVerb_HasHelp(string verb)
    {
        var result = await RunAsync([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        // The root's name is the executable's: "bitslite" for users, the test host's here.
        Assert.Matches(@"Usage:\s+\S+ " + verb + " ", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task TheOverview_ListsTheVerbsAndExitCodes()
    {
        var result = await RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "transfer", "create", "add", "list", "info", "suspend", "resume", "complete", "cancel", "set", "wait", "policy", "host" })
        {
            Assert.Contains("  " + verb, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", result.Output, StringComparison.Ordinal);
        Assert.Contains("130  interrupted by Ctrl+C", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferHelp_DocumentsUnitsAndFormats()
    {
        var result = await RunAsync("transfer", "--help");
        Assert.Contains("k = 1024", result.Output, StringComparison.Ordinal);
        Assert.Contains("1h30m", result.Output, StringComparison.Ordinal);
        Assert.Contains("--header", result.Output, StringComparison.Ordinal);
        Assert.Contains("default: foreground", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVerb_ShowsTheOverview_WithExitCode2()
    {
        var result = await RunAsync();
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Usage:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus", "Unrecognized command or argument 'bogus'")]
    [InlineData("host bogus", "Unrecognized command or argument 'bogus'")]
    [InlineData("host", "Required command was not provided")]
    [InlineData("transfer https://example.com/a", "at least one SOURCE and then the DEST")]
    [InlineData("transfer --nope https://example.com/a out", "Unknown option '--nope'")]
    [InlineData("transfer https://example.com/a out --priority urgent", "'urgent' is not a priority")]
    [InlineData("transfer https://example.com/a out --max-bandwidth 2Mb", "--max-bandwidth: '2Mb': 'b' means bits")]
    [InlineData("transfer https://example.com/a out --max-bandwidth", "Required argument missing for option: '--max-bandwidth'")]
    [InlineData("transfer https://example.com/a out --retry-interval soon", "--retry-interval: 'soon' is not a duration")]
    [InlineData("transfer https://example.com/a out --max-download-time 1h30", "--max-download-time: '1h30'")]
    [InlineData("transfer https://example.com/a out --header NoColon", "--header: 'NoColon' is not a header")]
    [InlineData("transfer https://example.com/a out --suspended", "Unknown option '--suspended'")]
    [InlineData("create https://example.com/a", "at least one SOURCE")]
    [InlineData("create", "give SOURCE... DEST, or --suspended")]
    [InlineData("add", "Required argument missing")]
    [InlineData("add abcd", "give SOURCE... DEST after the job's id")]
    [InlineData("list --state Done", "'Done' is not a job state")]
    [InlineData("list extra", "Unrecognized command or argument 'extra'")]
    [InlineData("info", "Required argument missing")]
    [InlineData("info a b", "Unrecognized command or argument 'b'")]
    [InlineData("suspend", "Required argument missing")]
    [InlineData("cancel --force abcd", "Unknown option '--force'")]
    [InlineData("set abcd", "nothing to change")]
    [InlineData("set abcd --header A:1 --clear-headers", "not both")]
    [InlineData("set abcd --priority 7", "'7' is not a priority")]
    [InlineData("wait", "Required argument missing")]
    [InlineData("policy set", "nothing to change")]
    [InlineData("policy set --max-active-jobs many", "many")]
    [InlineData("policy set --max-active-jobs 65", "1 to 64")]
    [InlineData("policy set --background-bandwidth fast", "--background-bandwidth: 'fast' is not a size")]
    [InlineData("policy set --network-cost sometimes", "--network-cost: 'sometimes' is not a network cost; use auto|metered|unmetered")]
    [InlineData("policy set --network-cost 1", "'1' is not a network cost")]
    [InlineData("transfer ftp://example.com/a out", "scheme 'ftp' is not supported")]
    [InlineData("transfer https://example.com/a https://example.com/b out", "the destination must be an existing directory")]
    public async Task BadInput_IsExitCode2_WithOneLinePerProblem(string commandLine, string message)
    {
        var result = await RunAsync(commandLine.Split(' '));
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        foreach (var line in result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.StartsWith("bitslite: ", StringComparison.Ordinal) || line.StartsWith("See 'bitslite", StringComparison.Ordinal), line);
        }

        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("info abcd")]
    [InlineData("policy")]
    [InlineData("host stop")]
    public async Task WithoutAHost_CommandsFailWithExitCode5_InOneLine(string commandLine)
    {
        var result = await RunAsync(commandLine.Split(' '));
        if (commandLine == "host stop")
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("not running", result.Output, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        var line = Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bitslite: No BitsLite host is running", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStatus_SaysNotRunning_WithoutStartingOne()
    {
        var result = await RunAsync("host", "status");
        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.Contains("not running", result.Output, StringComparison.Ordinal);

        var json = await RunAsync("host", "status", "--json");
        Assert.Equal(ExitCodes.HostUnavailable, json.ExitCode);
        Assert.Contains("\"running\": false", json.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("host.log")), "no host was started");
    }

    [Fact]
    public async Task Version_IsShown()
    {
        var result = await RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output);
    }
}
