using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>One host with the <see cref="StandardJobs"/>, shared by the tests of <see cref="JobQueryTests"/>, which only read.</summary>
public sealed class StandardJobsFixture : IAsyncLifetime
{
    internal HostEnvironment Env { get; private set; } = null!;

    internal TestSpace Space { get; private set; } = null!;

    internal StandardJobs Jobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Env = await HostEnvironment.StartAsync();
        Space = Env.NewSpace();
        Jobs = await StandardJobs.CreateAsync(Space);
    }

    public async Task DisposeAsync() => await Env.DisposeAsync();
}

/// <summary>
/// The verbs that only read jobs, the policy and the host, against the real host. They share one host and its
/// jobs, so none of them may change anything (changes are in <see cref="JobCommandTests"/>).
/// </summary>
public sealed class JobQueryTests(StandardJobsFixture fixture) : IClassFixture<StandardJobsFixture>
{
    private readonly HostEnvironment _env = fixture.Env;
    private readonly StandardJobs _jobs = fixture.Jobs;

    private Task<CliResult> RunAsync(params string[] args) => fixture.Space.RunAsync(args);

    private static string ShortId(TransferInfo job) => job.Id.ToString()[..8];

    [Fact]
    public async Task List_ShowsLiveJobsInATable()
    {
        var result = await RunAsync("list");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.Matches($@"^{ShortId(_jobs.Isos)}\s+isos\s+Transferring\s+Normal\s+25\.0%", lines[1]);
        Assert.Matches($@"^{ShortId(_jobs.Docs)}\s+docs\s+Transferred\s+Normal\s+100\.0%", lines[2]);
        Assert.Matches($@"^{ShortId(_jobs.Broken)}\s+broken\s+Error\s+", lines[3]);
        Assert.DoesNotContain("old", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("gone", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAll_AndByState_AsJson()
    {
        var all = await RunAsync("list", "--all", "--json");
        Assert.Equal(["isos", "docs", "old", "gone", "broken"], JsonSerializer.Deserialize(all.Output, CliJsonContext.Default.ListTransferInfo)!.Select(j => j.Options.DisplayName));

        var some = await RunAsync("ls", "--state", "error,transferred", "--state", "Acknowledged", "--json");
        Assert.Equal(ExitCodes.Success, some.ExitCode);
        Assert.Equal(["docs", "old", "broken"], JsonSerializer.Deserialize(some.Output, CliJsonContext.Default.ListTransferInfo)!.Select(j => j.Options.DisplayName));
    }

    [Fact]
    public async Task ListWithNoJobs_PrintsNothingOnStandardOutput()
    {
        var result = await RunAsync("list", "--state", "Suspended");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("No jobs.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shortest prefix")]
    [InlineData("short id")]
    [InlineData("name")]
    [InlineData("full id")]
    public async Task Info_AcceptsAPrefix_OrAName_OrTheFullId(string form)
    {
        var id = _jobs.Isos.Id.ToString();
        var others = _jobs.All.Where(j => j.Id != _jobs.Isos.Id).Select(j => j.Id.ToString()).ToList();

        // 4 characters, unless another job's random id happens to start the same way.
        var unique = Enumerable.Range(4, 33).First(n => !others.Any(o => o.StartsWith(id[..n], StringComparison.Ordinal)));
        var result = await RunAsync("info", form switch
        {
            "shortest prefix" => id[..unique],
            "short id" => id[..8],
            "name" => "isos",
            _ => id,
        });
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"Id:                {id}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Name:              isos", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfoJson_IsTheJob()
    {
        var result = await RunAsync("info", "docs", "--json");
        Assert.Equal(_jobs.Docs.Id, JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!.Id);
    }

    [Fact]
    public async Task UnknownIds_AreNotFound()
    {
        var unknown = await RunAsync("info", "nothing");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.StartsWith("bitslite: no job has the id or name 'nothing'", unknown.Error, StringComparison.Ordinal);

        // A full id is not looked up in a list but sent as is: the host's answer says it is unknown.
        var missing = await RunAsync("info", Guid.NewGuid().ToString());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.StartsWith("bitslite: No transfer has the id", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_Exits0WhenTransferred_And1OnError()
    {
        var done = await RunAsync("wait", "docs");
        Assert.Equal(ExitCodes.Success, done.ExitCode);
        Assert.StartsWith($"'docs' ({ShortId(_jobs.Docs)}): Transferred", done.Output, StringComparison.Ordinal);
        Assert.Contains("bitslite complete", done.Error, StringComparison.Ordinal);

        var failed = await RunAsync("wait", "broken", "--json");
        Assert.Equal(ExitCodes.TransferFailed, failed.ExitCode);
        Assert.Equal(TransferState.Error, JsonSerializer.Deserialize(failed.Output, CliJsonContext.Default.TransferInfo)!.State);
        Assert.Contains("bitslite: the job 'broken' failed: The server answered 404 Not Found", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_ShowsTheHostsDefaults()
    {
        var shown = await RunAsync("policy");
        Assert.Equal(ExitCodes.Success, shown.ExitCode);
        Assert.Contains("Max active jobs:      4", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Network cost:         auto: ", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStatus_DescribesARunningHost()
    {
        var status = await _env.Client.GetHostStatusAsync();
        var result = await RunAsync("host", "status");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"Process id:       {status.ProcessId}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Version:          {status.Version}", result.Output, StringComparison.Ordinal);

        var json = await RunAsync("host", "status", "--json");
        using var document = JsonDocument.Parse(json.Output);
        Assert.True(document.RootElement.GetProperty("running").GetBoolean());
        Assert.Equal(status.ProcessId, document.RootElement.GetProperty("host").GetProperty("processId").GetInt32());
        Assert.Equal(_env.Paths.Socket, document.RootElement.GetProperty("socket").GetString());
    }

    [Fact]
    public async Task HostStart_ReportsARunningHost()
    {
        var pid = (await _env.Client.GetHostStatusAsync()).ProcessId;
        var result = await RunAsync("host", "start");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"The host is already running (process {pid}, {_env.Client.HostVersion})." + Environment.NewLine, result.Output);
    }
}
