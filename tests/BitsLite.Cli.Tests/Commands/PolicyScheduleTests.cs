using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Tests.Commands;

/// <summary><c>policy set --schedule</c> and <c>--clear-schedule</c> refuse bad input before any host is contacted (none runs here).</summary>
public sealed class PolicyScheduleParsingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Theory]
    [InlineData("Mun 08:00-17:00 1M", "bitslite: --schedule: rule 1 ('Mun 08:00-17:00 1M'): 'Mun' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun")]
    [InlineData("Mon-Fri 08:00-17:00 1M; Sat 10:00-25:00 1M", "bitslite: --schedule: rule 2 ('Sat 10:00-25:00 1M'): '25:00' is not a time")]
    [InlineData("Mon 08:00-17:00 10Mb", "'b' means bits")]
    [InlineData("", "the schedule is empty")]
    public async Task ABadSchedule_IsExitCode2_NamingTheRule(string schedule, string message)
    {
        var result = await RunAsync("policy", "set", "--schedule", schedule);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScheduleAndClearScheduleTogether_AreRefused()
    {
        var result = await RunAsync("policy", "set", "--schedule", "Mon 08:00-17:00 1M", "--clear-schedule");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--schedule and --clear-schedule cannot be used together", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHelpOfPolicySet_ExplainsTheSchedule()
    {
        var result = await RunAsync("policy", "set", "--help");

        Assert.Contains("--schedule <RULES>", result.Output, StringComparison.Ordinal);
        Assert.Contains("--clear-schedule", result.Output, StringComparison.Ordinal);
        Assert.Contains("Mon-Fri 08:00-17:00 1M", result.Output, StringComparison.Ordinal);
    }
}

/// <summary><c>policy set --schedule</c> against the real host, which saves it and reports the limit in force.</summary>
public sealed class PolicyScheduleCommandTests : IAsyncLifetime
{
    private HostEnvironment _env = null!;
    private TestSpace _space = null!;

    public async Task InitializeAsync()
    {
        _env = await HostEnvironment.StartAsync();
        _space = _env.NewSpace();
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    [Fact]
    public async Task PolicySetSchedule_IsSavedByTheHost_AndShownByPolicy()
    {
        // Every day, all day: whatever the time of the test, this rule is in force and never changes.
        var set = await RunAsync("policy", "set", "--background-bandwidth", "4M", "--schedule", "daily 00:00-24:00 1M", "--json");

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        using (var json = JsonDocument.Parse(set.Output))
        {
            Assert.Equal("EveryDay", json.RootElement.GetProperty("bandwidthSchedule")[0].GetProperty("days").GetString());
            Assert.Equal(1_048_576, json.RootElement.GetProperty("effectiveBackgroundBandwidth").GetInt64());
        }

        var policy = await _env.Client.GetPolicyAsync();
        Assert.Equal("Mon-Sun 00:00-24:00 1M", BandwidthSchedule.Format(policy.BandwidthSchedule));
        Assert.Equal(4 * 1024 * 1024, policy.BackgroundBandwidth);

        var shown = await RunAsync("policy");
        Assert.Contains("Background bandwidth: 4.00 MiB/s", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Bandwidth schedule:   Mon-Sun 00:00-24:00 1M", shown.Output, StringComparison.Ordinal);
        Assert.Contains("In force now:         1.00 MiB/s" + Environment.NewLine, shown.Output, StringComparison.Ordinal);

        var cleared = await RunAsync("policy", "set", "--clear-schedule");
        Assert.Equal(ExitCodes.Success, cleared.ExitCode);
        Assert.Contains("Bandwidth schedule:   none", cleared.Output, StringComparison.Ordinal);
        Assert.Null((await _env.Client.GetPolicyAsync()).BandwidthSchedule);
    }
}
