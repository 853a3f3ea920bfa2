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
