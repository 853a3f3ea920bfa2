using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>The verbs that read and change existing jobs, the policy and the host, against a fake host.</summary>
public sealed class JobCommandTests : IAsyncLifetime
{
    private static readonly Guid IsosId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid DocsId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private readonly TestDirectory _directory = new();
    private FakeHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new FakeHost(_directory.Path);
        _host.Add(FakeHost.Job("isos", TransferState.Transferring, IsosId, total: 4096, done: 1024));
        _host.Add(FakeHost.Job("docs", TransferState.Transferred, DocsId, total: 1000, done: 1000));
        _host.Add(FakeHost.Job("old", TransferState.Acknowledged, total: 10, done: 10));
        _host.Add(FakeHost.Job("gone", TransferState.Cancelled));
        _host.Add(FakeHost.Job("broken", TransferState.Error));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Fact]
    public async Task List_shows_live_jobs_in_a_table()
    {
        var result = await RunAsync("list");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(Assert.Single(_host.RequestsOf<ListTransfers>()).Query.LiveOnly);
        var lines = result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^0f8fad5b\s+isos\s+Transferring\s+Normal\s+25\.0%", lines[1]);
        Assert.DoesNotContain("old", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_all_and_by_state_as_json()
    {
        var all = await RunAsync("list", "--all", "--json");
        Assert.Equal(5, JsonSerializer.Deserialize(all.Output, CliJsonContext.Default.ListTransferInfo)!.Count);

        var some = await RunAsync("ls", "--state", "error,transferred", "--state", "Acknowledged", "--json");
        var query = _host.RequestsOf<ListTransfers>().Last().Query;
        Assert.False(query.LiveOnly);
        Assert.Equal([TransferState.Error, TransferState.Transferred, TransferState.Acknowledged], query.States);
        Assert.Equal(["docs", "old", "broken"], JsonSerializer.Deserialize(some.Output, CliJsonContext.Default.ListTransferInfo)!.Select(j => j.DisplayName));
    }

    [Fact]
    public async Task List_with_no_jobs_prints_nothing_on_standard_output()
    {
        var result = await RunAsync("list", "--state", "Suspended");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("No jobs.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0f8f")]
    [InlineData("0f8fad5b")]
    [InlineData("isos")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public async Task Info_accepts_a_prefix_a_name_or_the_full_id(string id)
    {
        var result = await RunAsync("info", id);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Id:                0f8fad5b-d9cb-469f-a165-70867728950e", result.Output, StringComparison.Ordinal);
        Assert.Equal(IsosId, Assert.Single(_host.RequestsOf<GetTransfer>()).TransferId);

        // A full id is used as is; anything else is looked up in one list.
        Assert.Equal(id.Length == 36 ? 0 : 1, _host.RequestsOf<ListTransfers>().Count());
    }

    [Fact]
    public async Task Info_json_is_the_job()
    {
        var result = await RunAsync("info", "docs", "--json");
        Assert.Equal(DocsId, JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!.Id);
    }

    [Fact]
    public async Task Unknown_and_ambiguous_ids()
    {
        var unknown = await RunAsync("info", "nothing");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.StartsWith("bitslite: no job has the id or name 'nothing'", unknown.Error, StringComparison.Ordinal);

        var missing = await RunAsync("info", Guid.NewGuid().ToString());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.StartsWith("bitslite: No transfer has the id", missing.Error, StringComparison.Ordinal);

        _host.Add(FakeHost.Job("twin", id: Guid.Parse("0f8fad5b-0000-4000-8000-000000000000")));
        var ambiguous = await RunAsync("info", "0f8fad5b");
        Assert.Equal(ExitCodes.Usage, ambiguous.ExitCode);
        Assert.Contains("matches 2 jobs", ambiguous.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_several_jobs_reports_each_and_exits_with_the_first_failure()
    {
        var result = await RunAsync("suspend", "isos", "old", "broken");
        Assert.Equal(ExitCodes.InvalidState, result.ExitCode);
        Assert.Contains("Suspended 'isos' (0f8fad5b): Suspended", result.Output, StringComparison.Ordinal);
        Assert.Contains("Suspended 'broken'", result.Output, StringComparison.Ordinal);
        Assert.Contains("bitslite: Cannot suspend transfer 'old': it is Acknowledged.", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, _host.RequestsOf<ChangeState>().Count());
    }

    [Fact]
    public async Task Nothing_changes_when_one_id_does_not_resolve()
    {
        var result = await RunAsync("cancel", "isos", "nothing");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Empty(_host.RequestsOf<ChangeState>());
    }

    [Fact]
    public async Task Complete_prints_where_the_files_are_and_json_is_an_array()
    {
        var result = await RunAsync("complete", "docs");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Completed 'docs'", result.Output, StringComparison.Ordinal);
        Assert.Contains("  /data/docs", result.Output, StringComparison.Ordinal);

        var json = await RunAsync("resume", "broken", "--json");
        var jobs = JsonSerializer.Deserialize(json.Output, CliJsonContext.Default.ListTransferInfo)!;
        Assert.Equal(TransferState.Queued, Assert.Single(jobs).State);

        var wrong = await RunAsync("complete", "isos");
        Assert.Equal(ExitCodes.InvalidState, wrong.ExitCode);
    }

    [Fact]
    public async Task Set_sends_only_what_was_given()
    {
        var result = await RunAsync("set", "isos", "--priority", "high", "--max-bandwidth", "none", "--max-download-time", "2h", "--name", "isos2", "-H", "A: 1", "-H", "B: 2");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var settings = Assert.Single(_host.RequestsOf<SetTransfer>()).Settings;
        Assert.Equal(TransferPriority.High, settings.Priority);
        Assert.Equal(0, settings.MaxBandwidth);
        Assert.Equal(TimeSpan.FromHours(2), settings.MaxDownloadTime);
        Assert.Equal("isos2", settings.DisplayName);
        Assert.Equal(["A: 1", "B: 2"], settings.CustomHeaders);
        Assert.Null(settings.RetryInterval);
        Assert.Null(settings.Description);
        Assert.Contains("Name:              isos2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_exits_0_when_transferred_and_1_otherwise()
    {
        var done = await RunAsync("wait", "docs");
        Assert.Equal(ExitCodes.Success, done.ExitCode);
        Assert.StartsWith("'docs' (7c9e6679): Transferred", done.Output, StringComparison.Ordinal);
        Assert.Contains("bitslite complete", done.Error, StringComparison.Ordinal);

        var failed = await RunAsync("wait", "broken", "--json");
        Assert.Equal(ExitCodes.TransferFailed, failed.ExitCode);
        Assert.Equal(TransferState.Error, JsonSerializer.Deserialize(failed.Output, CliJsonContext.Default.TransferInfo)!.State);

        _host.Script = job => [job with { BytesTransferred = 2048 }, FakeHost.Finished(job)];
        var followed = await RunAsync("wait", "isos", "--progress");
        Assert.Equal(ExitCodes.Success, followed.ExitCode);
        Assert.Contains("isos: Transferred", followed.Error, StringComparison.Ordinal);
        Assert.Empty(_host.RequestsOf<ChangeState>());
    }

    [Fact]
    public async Task Policy_show_and_set()
    {
        var shown = await RunAsync("policy");
        Assert.Contains("Max active jobs:      4", shown.Output, StringComparison.Ordinal);

        var set = await RunAsync("policy", "set", "--background-bandwidth", "1.5M", "--max-active-jobs", "2", "--json");
        Assert.Equal(ExitCodes.Success, set.ExitCode);
        var change = Assert.Single(_host.RequestsOf<SetPolicy>()).Change;
        Assert.Equal(1_572_864, change.BackgroundBandwidth);
        Assert.Equal(2, change.MaxActiveJobs);
        using var json = JsonDocument.Parse(set.Output);
        Assert.Equal(2, json.RootElement.GetProperty("maxActiveJobs").GetInt32());
    }

    [Fact]
    public async Task Host_status_of_a_running_host()
    {
        var result = await RunAsync("host", "status");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Process id:       4242", result.Output, StringComparison.Ordinal);
        Assert.Contains("Version:          fake-host/1", result.Output, StringComparison.Ordinal);

        var json = await RunAsync("host", "status", "--json");
        using var document = JsonDocument.Parse(json.Output);
        Assert.True(document.RootElement.GetProperty("running").GetBoolean());
        Assert.Equal(4242, document.RootElement.GetProperty("host").GetProperty("processId").GetInt32());
    }

    [Fact]
    public async Task Host_start_reports_a_running_host()
    {
        var result = await RunAsync("host", "start");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("The host is already running (process 4242, fake-host/1)." + Environment.NewLine, result.Output);
    }

    [Fact]
    public async Task Host_stop_asks_the_host_to_stop_and_waits_for_its_process()
    {
        _host.ProcessId = int.MaxValue;
        var result = await RunAsync("host", "stop");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Single(_host.RequestsOf<StopHost>());
        Assert.Equal($"Stopped the host (process {int.MaxValue})." + Environment.NewLine, result.Output);
    }
}
