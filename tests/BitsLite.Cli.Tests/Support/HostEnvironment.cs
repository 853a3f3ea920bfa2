using System.Diagnostics;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Support;

/// <summary>
/// What the CLI runs against in these tests: the real bitslite-host (built beside the tests) with a private
/// BITSLITE_HOME, and a real Kestrel <see cref="FaultServer"/> on 127.0.0.1 to download from. Commands get the client
/// options a user's would have, pointed at the private home; a host they start never exits by itself. Tests work in a
/// <see cref="TestSpace"/> of their own, so that several can share one host. Disposing stops any host still running
/// in the home, so no process outlives the tests.
/// </summary>
internal sealed class HostEnvironment : IAsyncDisposable
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private static readonly TransferState[] ActiveStates = [TransferState.Queued, TransferState.Connecting, TransferState.Transferring, TransferState.TransientError];

    private BitsLiteClient? _client;
    private FaultServer? _server;
    private int _spaces;

    private HostEnvironment()
    {
    }

    public static string HostPath { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "bitslite-host.exe" : "bitslite-host");

    /// <summary>The private BITSLITE_HOME.</summary>
    public TestDirectory Home { get; } = new();

    public BitsLitePaths Paths => new(Home.Path, Home.Path);

    public FaultServer Server => _server ?? throw new InvalidOperationException("The environment is not started.");

    /// <summary>The tests' own connection to the host, to set jobs up and check on them.</summary>
    public BitsLiteClient Client => _client ?? throw new InvalidOperationException("Not connected to a host; call ConnectAsync.");

    /// <summary>Starts the file server and, unless <paramref name="startHost"/> is false, a host (connecting <see cref="Client"/>).</summary>
    public static async Task<HostEnvironment> StartAsync(bool startHost = true)
    {
        var environment = new HostEnvironment();
        try
        {
            environment._server = await FaultServer.StartAsync();
            if (startHost)
            {
                await environment.ConnectAsync();
            }
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }

        return environment;
    }

    /// <summary>A fresh directory, server paths and job names for one test.</summary>
    public TestSpace NewSpace() => new(this, Interlocked.Increment(ref _spaces));

    /// <summary>Client options for the private home, as the CLI gets them.</summary>
    public BitsLiteClientOptions Options(bool autoStart = true) => new()
    {
        Paths = Paths,
        HostPath = HostPath,
        ClientName = "bitslite-cli-tests/1",
        HostIdleTimeout = TimeSpan.Zero,
        AutoStart = autoStart,
    };

    /// <summary>(Re)connects <see cref="Client"/>, starting a host when none runs.</summary>
    public async Task<BitsLiteClient> ConnectAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }

        using var timeout = new CancellationTokenSource(WaitTimeout);
        _client = await BitsLiteClient.ConnectAsync(Options(), timeout.Token);
        return _client;
    }

    /// <summary>Every job, as the host lists them (in creation order).</summary>
    public async Task<List<TransferInfo>> ListAsync(TransferQuery? query = null)
    {
        var jobs = new List<TransferInfo>();
        await foreach (var job in Client.ListAsync(query))
        {
            jobs.Add(job);
        }

        return jobs;
    }

    /// <summary>Waits (within <see cref="WaitTimeout"/>) until the job is as <paramref name="until"/> says.</summary>
    public async Task<TransferInfo> WaitForAsync(Guid id, Func<TransferInfo, bool> until)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        return await Client.WaitAsync(id, until: until, cancellationToken: timeout.Token);
    }

    /// <summary>Waits until the job settles and checks that it settled in <paramref name="state"/>.</summary>
    public async Task<TransferInfo> SettleAsync(Guid id, TransferState state)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var job = await Client.WaitAsync(id, cancellationToken: timeout.Token);
        Assert.Equal(state, job.State);
        return job;
    }

    /// <summary>
    /// Cancels every job still queued or transferring, so that a test sharing the host leaves no download behind
    /// (held downloads would take the host's transfer slots).
    /// </summary>
    public async Task CancelActiveJobsAsync()
    {
        foreach (var job in await ListAsync(new TransferQuery { States = ActiveStates }))
        {
            try
            {
                await Client.CancelAsync(job.Id);
            }
            catch (TransferException ex) when (ex.Code == TransferErrorCode.InvalidState)
            {
                // It finished meanwhile.
            }
        }
    }

    /// <summary>The host's process.</summary>
    public async Task<Process> HostProcessAsync() => Process.GetProcessById((await Client.GetHostStatusAsync()).ProcessId);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await StopHostAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Home.Dispose();
    }

    /// <summary>Stops the host running in the private home, if any, and waits for its process to exit.</summary>
    private async Task StopHostAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(WaitTimeout);
            await using var client = await BitsLiteClient.TryConnectAsync(Options(autoStart: false), timeout.Token);
            if (client is null)
            {
                return;
            }

            using var process = Process.GetProcessById((await client.GetHostStatusAsync(timeout.Token)).ProcessId);
            await client.StopHostAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is TransferException or ArgumentException or OperationCanceledException or InvalidOperationException)
        {
            // A host that does not stop in time: kill it rather than leave it behind.
            KillLeftoverHost();
        }
    }

    /// <summary>Kills the bitslite-host whose BITSLITE_HOME is this environment's home (one these tests started), if any.</summary>
    private void KillLeftoverHost()
    {
        var marker = BitsLitePaths.HomeVariable + "=" + Home.Path + "\0";
        foreach (var process in Process.GetProcessesByName("bitslite-host"))
        {
            using (process)
            {
                try
                {
                    if (File.ReadAllText($"/proc/{process.Id}/environ").Contains(marker, StringComparison.Ordinal))
                    {
                        process.Kill();
                        process.WaitForExit(WaitTimeout);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already, or not ours to read.
                }
            }
        }
    }
}
