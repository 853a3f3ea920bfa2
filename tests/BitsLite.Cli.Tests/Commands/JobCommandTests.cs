using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// The verbs that change jobs, against the real host. The tests share one host; each makes its own
/// <see cref="StandardJobs"/>, with names ending in its space's tag so that no name is shared with another test's jobs.
/// (Read-only verbs: <see cref="JobQueryTests"/>; the policy and the host itself: <see cref="HostCommandTests"/>.)
/// </summary>
public sealed class JobCommandTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();
    private StandardJobs _jobs = null!;

    public async Task InitializeAsync() => _jobs = await StandardJobs.CreateAsync(_space, _space.Tag);

    public async Task DisposeAsync() => await _env.CancelActiveJobsAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    private async Task<TransferState> StateAsync(TransferInfo job) => (await _env.Client.GetAsync(job.Id)).State;

    private static string ShortId(TransferInfo job) => job.Id.ToString()[..8];

    [Fact]
    public async Task SuspendingSeveralJobs_ReportsEach_AndExitsWithTheFirstFailure()
    {
        var (isos, old, broken) = (_jobs.Isos.Options.DisplayName, _jobs.Old.Options.DisplayName, _jobs.Broken.Options.DisplayName);

        var result = await RunAsync("suspend", isos, old, broken);

        Assert.Equal(ExitCodes.InvalidState, result.ExitCode);
        Assert.Contains($"Suspended '{isos}' ({ShortId(_jobs.Isos)}): Suspended", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Suspended '{broken}'", result.Output, StringComparison.Ordinal);
        Assert.Contains($"bitslite: Cannot suspend transfer '{old}' ({_jobs.Old.Id}): it is Acknowledged.", result.Error, StringComparison.Ordinal);
        Assert.Equal(TransferState.Suspended, await StateAsync(_jobs.Isos));
        Assert.Equal(TransferState.Suspended, await StateAsync(_jobs.Broken));
        Assert.Equal(TransferState.Acknowledged, await StateAsync(_jobs.Old));
    }

    [Fact]
    public async Task NothingChanges_WhenOneIdDoesNotResolve()
    {
        var result = await RunAsync("cancel", _jobs.Isos.Options.DisplayName, "nothing");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal(TransferState.Transferring, await StateAsync(_jobs.Isos));
    }

    [Fact]
    public async Task Complete_PrintsWhereTheFilesAre_AndJsonIsAnArray()
    {
        var result = await RunAsync("complete", _jobs.Docs.Options.DisplayName);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"Completed '{_jobs.Docs.Options.DisplayName}'", result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + _space.Out("docs"), result.Output, StringComparison.Ordinal);
        Assert.Equal(1000, new FileInfo(_space.Out("docs")).Length);

        var json = await RunAsync("resume", _jobs.Broken.Options.DisplayName, "--json");
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        var resumed = Assert.Single(JsonSerializer.Deserialize(json.Output, CliJsonContext.Default.ListTransferInfo)!);
        Assert.Equal(_jobs.Broken.Id, resumed.Id);
        Assert.Equal(TransferState.Queued, resumed.State);

        var wrong = await RunAsync("complete", _jobs.Isos.Options.DisplayName);
        Assert.Equal(ExitCodes.InvalidState, wrong.ExitCode);
        Assert.Equal(TransferState.Transferring, await StateAsync(_jobs.Isos));
    }

    [Fact]
    public async Task Set_ChangesOnlyWhatWasGiven()
    {
        var renamed = "isos2" + _space.Tag;
        var result = await RunAsync("set", _jobs.Isos.Options.DisplayName, "--priority", "high", "--max-bandwidth", "none", "--max-download-time", "2h", "--name", renamed, "-H", "A: 1", "-H", "B: 2");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"Name:              {renamed}", result.Output, StringComparison.Ordinal);
        var job = await _env.Client.GetAsync(_jobs.Isos.Id);
        Assert.Equal(TransferPriority.High, job.Options.Priority);
        Assert.Equal(0, job.Options.MaxBandwidth);
        Assert.Equal(TimeSpan.FromHours(2), job.Options.MaxDownloadTime);
        Assert.Equal(renamed, job.Options.DisplayName);
        Assert.Equal(["A: ***", "B: ***"], job.Options.CustomHeaders);   // the host shows names only
        Assert.Equal(StandardJobs.IsosRetryInterval, job.Options.RetryInterval);
        Assert.Equal("monthly images", job.Options.Description);
    }

    [Fact]
    public async Task Wait_FollowsAJobUntilItIsTransferred_AndLeavesItThere()
    {
        var isos = _jobs.Isos.Options.DisplayName;
        var run = _space.Start(["wait", isos, "--progress"]);
        await run.ErrorShowsAsync($"{isos}: Transferring");

        _jobs.IsosGate.Release();
        var followed = await run.Completion;

        Assert.Equal(ExitCodes.Success, followed.ExitCode);
        Assert.Contains($"{isos}: Transferred", followed.Error, StringComparison.Ordinal);
        Assert.StartsWith($"'{isos}' ({ShortId(_jobs.Isos)}): Transferred, 100.0%", followed.Output, StringComparison.Ordinal);

        // Waiting changes nothing: the job is not completed.
        Assert.Equal(TransferState.Transferred, await StateAsync(_jobs.Isos));
    }

    [Fact]
    public async Task AmbiguousNamesAndPrefixes_ListTheJobs_AndExit2()
    {
        // A repeated name means the one live job...
        var twin = "twin" + _space.Tag;
        await _space.AcknowledgedAsync(twin);
        var live = await _space.SuspendedAsync(twin, _space.Out("twin2"));
        var one = await RunAsync("info", twin);
        Assert.Equal(ExitCodes.Success, one.ExitCode);
        Assert.Contains($"Id:                {live.Id}", one.Output, StringComparison.Ordinal);

        // ...unless two are live.
        await _space.SuspendedAsync(twin, _space.Out("twin3"));
        var twins = await RunAsync("info", twin);
        Assert.Equal(ExitCodes.Usage, twins.ExitCode);
        Assert.Contains($"'{twin}' matches 3 jobs", twins.Error, StringComparison.Ordinal);

        // Ids are random: create jobs until two share their first 4 characters, the shortest prefix accepted (a few
        // hundred, typically). Each is cancelled at once: ids of finished jobs resolve too, and the host limits live jobs.
        var known = (await _env.ListAsync()).Select(j => j.Id).ToList();
        string? shared = null;
        for (var i = 0; shared is null && i < 5000; i++)
        {
            var id = (await _env.Client.CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = "many" + _space.Tag } })).Id;
            await _env.Client.CancelAsync(id);
            var prefix = id.ToString()[..4];
            shared = known.Any(k => k.ToString().StartsWith(prefix, StringComparison.Ordinal)) ? prefix : null;
            known.Add(id);
        }

        Assert.NotNull(shared);
        var sharing = known.Where(k => k.ToString().StartsWith(shared, StringComparison.Ordinal)).ToList();
        var ambiguous = await RunAsync("info", shared);
        Assert.Equal(ExitCodes.Usage, ambiguous.ExitCode);
        Assert.Contains($"'{shared}' matches {sharing.Count} jobs", ambiguous.Error, StringComparison.Ordinal);
        Assert.All(sharing, id => Assert.Contains(id.ToString(), ambiguous.Error, StringComparison.Ordinal));
    }
}
