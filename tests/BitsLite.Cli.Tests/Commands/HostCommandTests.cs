using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;
using BitsLite.Client;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// Commands that start, stop or lose the host, or change its policy: each test has a host of its own
/// (none at first; <see cref="StartHostAsync"/> starts one).
/// </summary>
public sealed class HostCommandTests : IAsyncLifetime
{
    private HostEnvironment _env = null!;
    private TestSpace _space = null!;

    public async Task InitializeAsync()
    {
        _env = await HostEnvironment.StartAsync(startHost: false);
        _space = _env.NewSpace();
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    private Task<BitsLiteClient> StartHostAsync() => _env.ConnectAsync();

    [Fact]
    public async Task HostStart_StartsAHostThatKeepsRunning()
    {
        var result = await RunAsync("host", "start");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var client = await BitsLiteClient.TryConnectAsync(_env.Options(autoStart: false));
        Assert.NotNull(client);
        await using (client)
        {
            var status = await client.GetHostStatusAsync();
            Assert.Equal($"Started the host (process {status.ProcessId}, {client.HostVersion})." + Environment.NewLine, result.Output);
        }

        var again = await RunAsync("host", "start");
        Assert.StartsWith("The host is already running", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStop_AsksTheHostToStop_AndWaitsForItsProcess()
    {
        await StartHostAsync();
        using var host = await _env.HostProcessAsync();

        var result = await RunAsync("host", "stop");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"Stopped the host (process {host.Id})." + Environment.NewLine, result.Output);
        Assert.True(host.HasExited);
        var status = await RunAsync("host", "status");
        Assert.Equal(ExitCodes.HostUnavailable, status.ExitCode);
        Assert.Contains("not running", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicySet_ChangesTheHostsPolicy()
    {
        await StartHostAsync();

        var set = await RunAsync("policy", "set", "--background-bandwidth", "1.5M", "--max-active-jobs", "2", "--network-cost", "metered", "--json");

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        using var json = JsonDocument.Parse(set.Output);
        Assert.Equal(2, json.RootElement.GetProperty("maxActiveJobs").GetInt32());
        Assert.Equal("Metered", json.RootElement.GetProperty("networkCostOverride").GetString());
        var policy = await _env.Client.GetPolicyAsync();
        // The observed cost is whatever this machine's NetworkManager says (Unknown without one).
        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, BackgroundBandwidth = 1_572_864, EffectiveBackgroundBandwidth = 1_572_864, MaxActiveJobs = 2, NetworkCostOverride = NetworkCostOverride.Metered, NetworkCost = policy.NetworkCost }, policy);

        var shown = await RunAsync("policy");
        Assert.Contains("Max active jobs:      2", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Network cost:         metered (override; the system says ", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALostHost_IsExitCode5_AndSaysTheJobCarriesOn()
    {
        await StartHostAsync();
        var gate = new ResponseGate();
        var run = _space.Start(["transfer", _space.Serve("a.iso", 4096, new FaultPlan { PauseAfterBytes = 1024, Gate = gate }), "a.iso"]);
        await run.ErrorShowsAsync("a.iso: Transferring");
        var id = Assert.Single(await _space.JobsAsync()).Id;

        // The host stops (as 'bitslite host stop' from another terminal would) while the CLI waits.
        await _env.Client.StopHostAsync();
        var result = await run.Completion;
        gate.Abort();

        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.Contains("bitslite: Lost the connection to the host", result.Error, StringComparison.Ordinal);
        Assert.Contains($"carries on when a host runs again: 'bitslite info {id}'", result.Error, StringComparison.Ordinal);

        // And it does: the command it suggests starts a host, which finishes the job.
        var info = await RunAsync("info", id.ToString());
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        Assert.Contains($"Id:                {id}", info.Output, StringComparison.Ordinal);
        await _env.ConnectAsync();
        await _env.SettleAsync(id, TransferState.Transferred);
    }

    [Fact]
    public async Task ALostHostDuringWait_IsExitCode5()
    {
        await StartHostAsync();
        var held = await _space.HeldAsync("isos");
        var run = _space.Start(["wait", held.Job.Id.ToString(), "--progress"]);
        await run.ErrorShowsAsync("isos: Transferring");

        // The host crashes.
        using (var host = await _env.HostProcessAsync())
        {
            host.Kill();
            await host.WaitForExitAsync().WaitAsync(HostEnvironment.WaitTimeout);
        }

        var result = await run.Completion;
        held.Gate.Abort();
        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.Contains("bitslite: Lost the connection to the host", result.Error, StringComparison.Ordinal);
    }
}
