using System.Diagnostics;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Testing;

namespace BitsLite.Host.Tests.Support;

/// <summary>
/// A private BITSLITE_HOME for one test, and the real bitslite-host built beside the tests. Disposing stops
/// (or kills) any host the test left running, so no process outlives the test run.
/// </summary>
public sealed class HostTestEnvironment : IAsyncDisposable
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    public HostTestEnvironment()
    {
        // A data root must be its user's alone (the host and client refuse any other), as BitsLite makes its own.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Home.Path, OwnerOnlyDirectory.Mode);
        }
    }

    public TempDirectory Home { get; } = new();

    public BitsLitePaths Paths => new(Home.Path, Home.Path);

    public static string HostPath { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "bitslite-host.exe" : "bitslite-host");

    /// <summary>Client options for this home; the host a client starts never exits by itself unless <paramref name="idleTimeout"/> says so.</summary>
    public BitsLiteClientOptions Options(TimeSpan? idleTimeout = null, bool autoStart = true) => new()
    {
        Paths = Paths,
        HostPath = HostPath,
        ClientName = "host-tests",
        HostIdleTimeout = idleTimeout ?? TimeSpan.Zero,
        AutoStart = autoStart,
    };

    public Task<BitsLiteClient> ConnectAsync(TimeSpan? idleTimeout = null) => BitsLiteClient.ConnectAsync(Options(idleTimeout));

    public string Out(string name) => Home.File(name);

    /// <summary>The process of the host <paramref name="client"/> talks to (the lock file cannot be read while the host holds it).</summary>
    public static async Task<Process> HostProcessAsync(BitsLiteClient client) =>
        Process.GetProcessById((await client.GetHostStatusAsync()).ProcessId);

    public static async Task WaitForExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts bitslite-host by hand, as a service manager would, for <paramref name="dataRoot"/> and with <paramref name="variables"/> set.</summary>
    public static Process StartHost(string dataRoot, params (string Name, string Value)[] variables)
    {
        var start = new ProcessStartInfo(HostPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment[BitsLitePaths.HomeVariable] = dataRoot;
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Connects to <paramref name="host"/>, started by hand in this home, once it listens (without starting another).</summary>
    public async Task<BitsLiteClient> ConnectToAsync(Process host)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        while (true)
        {
            if (await BitsLiteClient.TryConnectAsync(Options(autoStart: false), timeout.Token) is { } client)
            {
                Assert.Equal(host.Id, (await client.GetHostStatusAsync()).ProcessId);
                return client;
            }

            // Not listening yet: its start-up is no event we could wait on.
            Assert.False(host.HasExited, $"The host exited with code {(host.HasExited ? host.ExitCode : 0)}.");
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>
    /// Runs bitslite-host by hand for <paramref name="dataRoot"/>, expecting it to refuse to start: returns its exit
    /// code and what it said. One still running after <see cref="WaitTimeout"/> is killed and fails the test.
    /// </summary>
    public static async Task<(int ExitCode, string Said)> RunRefusedHostAsync(string dataRoot)
    {
        using var host = StartHost(dataRoot);
        var said = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(WaitTimeout);
        try
        {
            await host.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            host.Kill();
            await host.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"The host ran in '{dataRoot}' instead of refusing it: {await said}");
        }

        return (host.ExitCode, await said);
    }

    /// <summary>Kills any bitslite-host still running for this home (say, one that lost a start-up race), so none outlives the test.</summary>
    private void KillStrayHosts()
    {
        var marker = $"{BitsLitePaths.HomeVariable}={Home.Path}\0";
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
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    // Gone already, or not ours to read.
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var client = await BitsLiteClient.TryConnectAsync(Options(autoStart: false));
            if (client is not null)
            {
                var pid = (await client.GetHostStatusAsync()).ProcessId;
                await client.StopHostAsync();
                using var process = Process.GetProcessById(pid);
                await WaitForExitAsync(process);
            }
        }
        catch (Exception ex) when (ex is TransferException or ArgumentException or OperationCanceledException or InvalidOperationException)
        {
            // A host that does not answer: the sweep below ends it.
        }

        KillStrayHosts();
        Home.Dispose();
    }
}
