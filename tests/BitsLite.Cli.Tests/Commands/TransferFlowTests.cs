using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// <c>transfer</c>, <c>create</c> and <c>add</c> against the real host downloading from a real server: what the job
/// becomes, what is printed, how each ending exits. The tests share one host, each in a space of its own.
/// </summary>
public sealed class TransferFlowTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.CancelActiveJobsAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    private async Task<TransferInfo> OnlyJobAsync() => Assert.Single(await _space.JobsAsync());

    [Fact]
    public async Task ATransfer_CreatesWaitsCompletes_AndSaysWhereTheFilesAre()
    {
        var a = _space.Serve("a.iso", 20_000);
        var b = _space.Serve("b c.iso", 30_000);
        Assert.EndsWith("/b%20c.iso", b, StringComparison.Ordinal);
        var target = _space.CreateDirectory("out");

        var result = await RunAsync("transfer", a, b, "out",
            "--name", "isos", "--max-bandwidth", "2M", "--retry-interval", "1m", "-H", "X-Token: t");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = await OnlyJobAsync();
        Assert.Equal("isos", job.Options.DisplayName);
        Assert.Equal(TransferState.Acknowledged, job.State);
        Assert.Equal(TransferPriority.Foreground, job.Options.Priority);
        Assert.Equal(2 * 1024 * 1024, job.Options.MaxBandwidth);
        Assert.Equal(TimeSpan.FromMinutes(1), job.Options.RetryInterval);
        Assert.Equal(["X-Token: ***"], job.Options.CustomHeaders);   // the host shows names only; the server got the value (below)
        Assert.Equal([(a, Path.Combine(target, "a.iso")), (b, Path.Combine(target, "b c.iso"))], job.Files.Select(f => (f.Source, f.Destination)));
        Assert.Equal(20_000, new FileInfo(Path.Combine(target, "a.iso")).Length);
        Assert.Equal(30_000, new FileInfo(Path.Combine(target, "b c.iso")).Length);
        var requests = _env.Server.RequestsFor(_space.ServerPath("a.iso")).Concat(_env.Server.RequestsFor(_space.ServerPath("b c.iso"))).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("t", r.Headers["X-Token"]));

        Assert.Contains("Completed 'isos'", result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + Path.Combine(target, "a.iso"), result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + Path.Combine(target, "b c.iso"), result.Output, StringComparison.Ordinal);
        Assert.Contains("Created job 'isos'", result.Error, StringComparison.Ordinal);
        Assert.Contains("isos: Transferred", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithJson_TheFinishedJobIsTheOnlyOutput()
    {
        var result = await RunAsync("transfer", _space.Serve("a.iso"), "a.iso", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal(TransferState.Acknowledged, job.State);
        Assert.Equal(_space.Out("a.iso"), job.Files[0].Destination);
        Assert.True(File.Exists(_space.Out("a.iso")));
    }

    [Fact]
    public async Task AFailedTransfer_ShowsTheError_KeepsTheJob_AndExits1()
    {
        var source = _space.Serve("a.iso", plan: new FaultPlan { FailStatus = 404 });

        var result = await RunAsync("transfer", source, "a.iso");

        Assert.Equal(ExitCodes.TransferFailed, result.ExitCode);
        Assert.Contains($"bitslite: the job 'a.iso' failed: The server answered 404 Not Found for {source} (HTTP 404, RemoteFile).", result.Error, StringComparison.Ordinal);
        var job = await OnlyJobAsync();
        Assert.Contains($"bitslite resume {job.Id}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite cancel {job.Id}", result.Error, StringComparison.Ordinal);

        // Left as it failed: neither resumed (no second request) nor cancelled.
        Assert.Equal(TransferState.Error, job.State);
        Assert.Single(_env.Server.RequestsFor(_space.ServerPath("a.iso")));
    }

    [Fact]
    public async Task CtrlC_LeavesTheJobRunning_AndSaysHowToFindIt()
    {
        var gate = new ResponseGate();
        var source = _space.Serve("a.iso", 4096, new FaultPlan { PauseAfterBytes = 1024, Gate = gate });
        using var interrupt = new CancellationTokenSource();
        var run = _space.Start(["transfer", source, "a.iso"], interrupt.Token);

        // Mid-wait: the CLI shows the job transferring while the server holds the download.
        await run.ErrorShowsAsync("a.iso: Transferring");
        await interrupt.CancelAsync();
        var result = await run.Completion;

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var id = (await OnlyJobAsync()).Id;
        Assert.Contains("keeps running in the background", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite info {id}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite complete {id}", result.Error, StringComparison.Ordinal);

        // The host carries on, and nobody completes the job for the user.
        Assert.Equal(TransferState.Transferring, (await OnlyJobAsync()).State);
        gate.Release();
        await _env.SettleAsync(id, TransferState.Transferred);
        Assert.False(File.Exists(_space.Out("a.iso")));
    }

    [Fact]
    public async Task AJobSuspendedElsewhere_EndsTheTransfer_WithExitCode1()
    {
        var gate = new ResponseGate();
        var run = _space.Start(["transfer", _space.Serve("a.iso", 4096, new FaultPlan { PauseAfterBytes = 1024, Gate = gate }), "a.iso"]);
        await run.ErrorShowsAsync("a.iso: Transferring");

        await _env.Client.SuspendAsync((await OnlyJobAsync()).Id);
        var result = await run.Completion;

        Assert.Equal(ExitCodes.TransferFailed, result.ExitCode);
        Assert.Contains("was suspended", result.Error, StringComparison.Ordinal);
        Assert.Equal(TransferState.Suspended, (await OnlyJobAsync()).State);
    }

    [Fact]
    public async Task ARefusedCreate_MapsTheHostsCode()
    {
        await _space.SuspendedAsync("a.iso");
        var result = await RunAsync("transfer", _space.Serve("a.iso"), "a.iso");
        Assert.Equal(ExitCodes.HostError, result.ExitCode);
        Assert.Equal($"bitslite: The destination '{_space.Out("a.iso")}' is already used by a live job; complete or cancel that job, or choose another destination." + Environment.NewLine, result.Error);
        Assert.Empty(_env.Server.RequestsFor(_space.ServerPath("a.iso")));
    }

    [Fact]
    public async Task Create_ReturnsAtOnce_WithNormalPriority()
    {
        var gate = new ResponseGate();
        var source = _space.Serve("a.iso", 4096, new FaultPlan { PauseAfterBytes = 1024, Gate = gate });

        // The download cannot finish while the gate holds it, so a create that waited would time out.
        var result = await RunAsync("create", source, "a.iso", "--description", "d");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = await OnlyJobAsync();
        Assert.Equal(TransferPriority.Normal, job.Options.Priority);
        Assert.Equal("d", job.Options.Description);
        Assert.NotEqual(TransferState.Transferred, job.State);
        Assert.StartsWith("Created 'a.iso' (", result.Output, StringComparison.Ordinal);
        Assert.Contains("Next: 'bitslite wait", result.Error, StringComparison.Ordinal);
        gate.Release();
    }

    [Fact]
    public async Task CreateSuspended_MayHaveNoFiles_AndPrintsJson()
    {
        var result = await RunAsync("create", "--suspended", "--name", "parked" + _space.Tag, "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal("parked" + _space.Tag, job.Options.DisplayName);
        Assert.Equal(TransferState.Suspended, job.State);
        var stored = await _env.Client.GetAsync(job.Id);
        Assert.Equal(job.Id, stored.Id);
        Assert.Equal(TransferState.Suspended, stored.State);
        Assert.Empty(stored.Files);
    }

    [Fact]
    public async Task Add_ResolvesTheJobByName_AndSendsTheFiles()
    {
        var name = "later" + _space.Tag;
        var job = await _space.SuspendedAsync(name);
        var local = _space.CreateFile("data.bin");
        var target = _space.CreateDirectory("out");
        var zip = _space.Serve("x.zip");

        var result = await RunAsync("add", name, "data.bin", zip, "out");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var files = (await _env.Client.GetAsync(job.Id)).Files;
        Assert.Equal([(local, Path.Combine(target, "data.bin")), (zip, Path.Combine(target, "x.zip"))], files.Skip(1).Select(f => (f.Source, f.Destination)));
        Assert.Contains("3 files", result.Output, StringComparison.Ordinal);
    }
}
