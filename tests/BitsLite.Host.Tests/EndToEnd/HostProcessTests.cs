using System.Diagnostics;
using System.Security.Cryptography;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>The real bitslite-host process, started by the real client, serving a real Kestrel server's files.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostProcessTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TheClient_StartsAHost_WhenNoneRuns_AndATransferCompletes()
    {
        Assert.False(File.Exists(_env.Paths.Socket));
        var content = RandomNumberGenerator.GetBytes(300_000);
        _server.Serve("/file.bin", content);

        await using var client = await _env.ConnectAsync();
        var job = await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/file.bin").ToString(), _env.Out("file.bin"))] });
        var done = await client.WaitAsync(job.Id);
        var completed = await client.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Transferred, done.State);
        Assert.Equal(TransferState.Acknowledged, completed.State);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(_env.Out("file.bin"))));
        Assert.StartsWith("bitslite-host/", client.HostVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SocketAndDataRoot_AreOwnerOnly()
    {
        await using var client = await _env.ConnectAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_env.Paths.Socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_env.Paths.DataRoot));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_env.Paths.LogFile));
    }

    [Fact]
    public async Task AHostKilledWithSigkill_IsRestartedByTheNextClient_AndTheJobResumesWithARange()
    {
        var gate = new ResponseGate();
        var content = RandomNumberGenerator.GetBytes(2_000_000);
        _server.Serve("/big.bin", content, new FaultPlan { PauseAfterBytes = 1_000_000, Gate = gate });
        Guid id;
        int firstPid;
        await using (var client = await _env.ConnectAsync())
        {
            id = (await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/big.bin").ToString(), _env.Out("big.bin"))] })).Id;
            await gate.Reached.WaitAsync(HostTestEnvironment.WaitTimeout);
            await StoreProbe.WaitForCheckpointAsync(_env.Paths.Database, 1_000_000);
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            firstPid = host.Id;
            host.Kill();
            await HostTestEnvironment.WaitForExitAsync(host);
        }

        gate.Release();
        await using (var client = await _env.ConnectAsync())
        {
            var status = await client.GetHostStatusAsync();
            var done = await client.WaitAsync(id);
            await client.CompleteAsync(id);

            Assert.NotEqual(firstPid, status.ProcessId);
            Assert.Equal(TransferState.Transferred, done.State);
        }

        var requests = _server.RequestsFor("/big.bin");
        Assert.Equal("bytes=1000000-", requests[^1].Range);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(_env.Out("big.bin"))));
    }

    [Fact]
    public async Task AWaitCutShortByAHostCrash_FailsWithHostUnavailable()
    {
        var gate = new ResponseGate();
        _server.Serve("/waited.bin", RandomNumberGenerator.GetBytes(100_000), new FaultPlan { PauseAfterBytes = 10_000, Gate = gate });
        await using var client = await _env.ConnectAsync();
        var job = await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/waited.bin").ToString(), _env.Out("waited.bin"))] });
        await gate.Reached.WaitAsync(HostTestEnvironment.WaitTimeout);
        var waiting = client.WaitAsync(job.Id);

        using var host = await HostTestEnvironment.HostProcessAsync(client);
        host.Kill();
        var ex = await Assert.ThrowsAsync<TransferException>(() => waiting.WaitAsync(HostTestEnvironment.WaitTimeout));
        gate.Abort();

        Assert.Equal(TransferErrorCode.HostUnavailable, ex.Code);
    }

    [Fact]
    public async Task TwoClientsStartingAtOnce_ShareOneHost_AndSeeEachOthersJobs()
    {
        var connecting = Enumerable.Range(0, 2).Select(_ => _env.ConnectAsync()).ToList();
        var clients = await Task.WhenAll(connecting);
        try
        {
            var pids = await Task.WhenAll(clients.Select(async c => (await c.GetHostStatusAsync()).ProcessId));
            var watching = clients[1].WatchAsync(null).GetAsyncEnumerator();
            var first = watching.MoveNextAsync();

            // The host answers a connection's requests in order: once this is answered, the subscription sent before it
            // is in place, and cannot miss the job (under load, the create on the other connection could overtake it).
            await clients[1].GetHostStatusAsync();
            var created = await clients[0].CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = "shared" } });

            Assert.Equal(pids[0], pids[1]);
            Assert.True(await first.AsTask().WaitAsync(HostTestEnvironment.WaitTimeout));
            Assert.Equal(created.Id, watching.Current.Transfer.Id);
            Assert.Equal("shared", (await clients[1].GetAsync(created.Id)).Options.DisplayName);
            Assert.Equal(2, (await clients[1].GetHostStatusAsync()).Clients);
            await watching.DisposeAsync();
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ASecondHost_ExitsWithTheAlreadyRunningCode_AndLeavesTheFirstServing()
    {
        await using var client = await _env.ConnectAsync();
        var start = new ProcessStartInfo(HostTestEnvironment.HostPath) { UseShellExecute = false, RedirectStandardError = true };
        start.Environment[BitsLite.Protocol.Locations.BitsLitePaths.HomeVariable] = _env.Paths.DataRoot;

        using var second = Process.Start(start)!;
        var said = await second.StandardError.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(second);

        Assert.Equal(HostCommandLine.ExitAlreadyRunning, second.ExitCode);
        Assert.Contains("already running", said, StringComparison.Ordinal);
        Assert.Equal(1, (await client.GetHostStatusAsync()).Clients);
    }

    [Fact]
    public async Task Sigterm_ChecksPointsAndExitsCleanly_RemovingTheSocket_AndJobsSurvive()
    {
        Guid id;
        Process host;
        await using (var client = await _env.ConnectAsync())
        {
            id = (await client.CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = "kept" } })).Id;
            host = await HostTestEnvironment.HostProcessAsync(client);
        }

        Assert.Equal(0, PosixKill(host.Id, 15));
        await HostTestEnvironment.WaitForExitAsync(host);
        host.Dispose();

        Assert.False(File.Exists(_env.Paths.Socket));
        Assert.Contains("Stopping: SIGTERM.", await File.ReadAllTextAsync(_env.Paths.LogFile), StringComparison.Ordinal);
        await using var again = await _env.ConnectAsync();
        Assert.Equal("kept", (await again.GetAsync(id)).Options.DisplayName);
    }

    [Fact]
    public async Task AGracefulStop_ChecksPointsWhatArrived_SoTheNextHostResumesFromThere()
    {
        var content = RandomNumberGenerator.GetBytes(4_000_000);
        _server.Serve("/flowing.bin", content, new FaultPlan { BytesPerSecond = 2_000_000 });
        Guid id;
        long reached;
        await using (var client = await _env.ConnectAsync())
        {
            id = (await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/flowing.bin").ToString(), _env.Out("flowing.bin"))] })).Id;
            reached = (await client.WaitAsync(id, until: t => t.BytesTransferred >= 1_500_000)).BytesTransferred;
            await client.StopHostAsync();
        }

        await using (var client = await _env.ConnectAsync())
        {
            await client.WaitAsync(id);
            await client.CompleteAsync(id);
        }

        var resumedAt = long.Parse(_server.RequestsFor("/flowing.bin")[^1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, reached, content.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(_env.Out("flowing.bin"))));
    }

    [Fact]
    public async Task AnIdleHost_ExitsByItself_ButNotWhileAJobIsActive()
    {
        var gate = new ResponseGate();
        _server.Serve("/held.bin", RandomNumberGenerator.GetBytes(100_000), new FaultPlan { PauseAfterBytes = 10_000, Gate = gate });
        var idle = TimeSpan.FromMilliseconds(500);
        Process host;
        await using (var client = await _env.ConnectAsync(idle))
        {
            await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/held.bin").ToString(), _env.Out("held.bin"))] });
            await gate.Reached.WaitAsync(HostTestEnvironment.WaitTimeout);
            host = await HostTestEnvironment.HostProcessAsync(client);
        }

        // Several idle timeouts pass with the job held open: the host must still be there.
        Assert.False(host.WaitForExit(idle * 4));

        gate.Release();
        await HostTestEnvironment.WaitForExitAsync(host);
        host.Dispose();
        Assert.Contains("idle for", await File.ReadAllTextAsync(_env.Paths.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingMoreJobsThanAPage_StreamsThemAllInOrder()
    {
        await using var client = await _env.ConnectAsync();
        var created = new List<Guid>();
        // A page is 256 jobs; one owner may have 300 live ones (and every job is the connected user's).
        for (var i = 0; i < 300; i++)
        {
            created.Add((await client.CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = $"job{i}" } })).Id);
        }

        var listed = new List<Guid>();
        await foreach (var t in client.ListAsync())
        {
            listed.Add(t.Id);
        }

        Assert.Equal(created, listed);
    }

    [Fact]
    public async Task PolicyChanges_SurviveAHostRestart()
    {
        await using (var client = await _env.ConnectAsync())
        {
            var set = await client.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 250_000, MaxActiveJobs = 2, NetworkCostOverride = NetworkCostOverride.Metered });
            Assert.Equal(NetworkCostOverride.Metered, set.NetworkCostOverride);
            await client.StopHostAsync();
        }

        await using var again = await _env.ConnectAsync();
        var policy = await again.GetPolicyAsync();
        // The observed cost is what this machine's NetworkManager says (Unknown where there is none, as in CI).
        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, BackgroundBandwidth = 250_000, EffectiveBackgroundBandwidth = 250_000, MaxActiveJobs = 2, NetworkCostOverride = NetworkCostOverride.Metered, NetworkCost = policy.NetworkCost }, policy);
    }

    [Fact]
    public async Task ErrorsFromTheEngine_ArriveWithTheirCodes()
    {
        await using var client = await _env.ConnectAsync();

        var missing = await Assert.ThrowsAsync<TransferException>(() => client.GetAsync(Guid.NewGuid()));
        var empty = await Assert.ThrowsAsync<TransferException>(() => client.CreateAsync(new TransferRequest()));
        var policy = await Assert.ThrowsAsync<TransferException>(() => client.SetPolicyAsync(new HostPolicyChange { MaxActiveJobs = 0 }));

        Assert.Equal(TransferErrorCode.NotFound, missing.Code);
        Assert.Equal(TransferErrorCode.EmptyJob, empty.Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, policy.Code);
    }

    [Fact]
    public async Task WithoutAutoStart_NoHostMeansNull_AndAHostThatCannotStartSaysWhy()
    {
        Assert.Null(await BitsLiteClient.TryConnectAsync(_env.Options(autoStart: false)));

        // A file where the database should be that is not a database: the host refuses to start and the client says so.
        await File.WriteAllTextAsync(_env.Paths.Database, "not a database, and not to be overwritten");
        File.SetUnixFileMode(_env.Paths.Database, UnixFileMode.UserRead | UnixFileMode.UserWrite); // ours alone, as a database must be
        var ex = await Assert.ThrowsAsync<TransferException>(() => _env.ConnectAsync());

        Assert.Equal(TransferErrorCode.HostUnavailable, ex.Code);
        Assert.Contains("could not start", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_env.Paths.LogFile, ex.Message, StringComparison.Ordinal);
        Assert.Equal("not a database, and not to be overwritten", await File.ReadAllTextAsync(_env.Paths.Database));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int PosixKill(int pid, int signal);
}
