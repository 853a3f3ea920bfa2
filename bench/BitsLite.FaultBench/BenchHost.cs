using BitsLite.Client;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;

namespace BitsLite.FaultBench;

/// <summary>
/// A private BITSLITE_HOME with a bitslite-host running at default settings before the first run, so that no run
/// counts its start-up. Disposing stops the host.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly BitsLiteClient _client;

    private BenchHost(string dataRoot, string hostPath, BitsLiteClient client)
    {
        DataRoot = dataRoot;
        HostPath = hostPath;
        _client = client;
    }

    public string DataRoot { get; }

    public string HostPath { get; }

    public string LogFile => Path.Combine(DataRoot, "host.log");

    public static async Task<BenchHost> StartAsync(string dataRoot, string hostPath)
    {
        Directory.CreateDirectory(dataRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var client = await BitsLiteClient.ConnectAsync(new BitsLiteClientOptions
        {
            Paths = new BitsLitePaths(dataRoot, dataRoot),
            HostPath = hostPath,
            HostIdleTimeout = TimeSpan.Zero,
            ClientName = "bitslite-faultbench/0.1.0",
        });
        return new BenchHost(dataRoot, hostPath, client);
    }

    /// <summary>Cancels the jobs a killed run left behind (a CLI killed at the time limit leaves its job running).</summary>
    public async Task<int> CancelLeftoversAsync()
    {
        var cancelled = 0;
        await foreach (var job in _client.ListAsync(new TransferQuery { LiveOnly = true }))
        {
            await _client.CancelAsync(job.Id);
            cancelled++;
        }

        return cancelled;
    }

    /// <summary>How many quick reconnects the host has logged so far.</summary>
    public int ReconnectsLogged() =>
        File.Exists(LogFile) ? File.ReadLines(LogFile).Count(l => l.Contains("Reconnecting", StringComparison.Ordinal)) : 0;

    public async ValueTask DisposeAsync()
    {
        await _client.StopHostAsync();
        await _client.DisposeAsync();
    }
}
