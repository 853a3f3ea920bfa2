using System.Globalization;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;

namespace BitsLite.HostBench;

/// <summary>
/// A fresh, owner-only BITSLITE_HOME for one measurement. Disposing stops the host that runs there (asking it
/// first, killing it if it does not go) and deletes the directory.
/// </summary>
internal sealed class BenchHome : IAsyncDisposable
{
    private BenchHome(string dataRoot)
    {
        DataRoot = dataRoot;
        Paths = new BitsLitePaths(dataRoot, dataRoot);
    }

    public string DataRoot { get; }

    /// <summary>Data root and socket directory both in the home, as BITSLITE_HOME gives.</summary>
    public BitsLitePaths Paths { get; }

    public static BenchHome Create(string parent, string name)
    {
        var root = Path.Combine(parent, name);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new BenchHome(root);
    }

    /// <summary>
    /// Copies a seeded store in (the engine checkpoints its WAL on close, so the .db file is the whole store), with the
    /// key its secrets (custom headers, passwords) are encrypted with: without it the host cannot read them.
    /// </summary>
    public void UseStore(string seededDatabase)
    {
        File.Copy(seededDatabase, Paths.Database);
        File.SetUnixFileMode(Paths.Database, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (File.Exists(KeyOf(seededDatabase)))
        {
            File.Copy(KeyOf(seededDatabase), KeyOf(Paths.Database));
            File.SetUnixFileMode(KeyOf(Paths.Database), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The key file beside a store (jobs.db: jobs.key).</summary>
    public static string KeyOf(string database) =>
        Path.Combine(Path.GetDirectoryName(database)!, Path.GetFileNameWithoutExtension(database) + ".key");

    public BitsLiteClientOptions ClientOptions(string hostPath, TimeSpan? idleTimeout = null, bool autoStart = true) => new()
    {
        Paths = Paths,
        HostPath = hostPath,
        HostIdleTimeout = idleTimeout,
        AutoStart = autoStart,
        ClientName = "bitslite-hostbench/0.1.0",
        // A host loading 100,000 jobs takes longer than the default allows on a busy 2-core machine.
        StartTimeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>The pid the host wrote to its lock file, or null.</summary>
    public int? LockedPid()
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(DataRoot, "host.lock")).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Asks the host in this home to stop and waits for it to exit; kills it if it does not. Quiet when none runs.</summary>
    public async Task StopHostAsync()
    {
        var pid = LockedPid();
        try
        {
            await using var client = await BitsLiteClient.TryConnectAsync(ClientOptions("/nonexistent", autoStart: false));
            if (client is not null)
            {
                pid = (await client.GetHostStatusAsync()).ProcessId;
                await client.StopHostAsync();
            }
        }
        catch (TransferException)
        {
            // Gone already, or going: the pid check below decides.
        }

        if (pid is { } p && ProcessProbe.IsAlive(p) && IsOurHost(p) && !await ProcessProbe.WaitForExitAsync(p, TimeSpan.FromSeconds(30)))
        {
            Console.Error.WriteLine($"bitslite-hostbench: host {p} did not stop; killing it.");
            using var process = System.Diagnostics.Process.GetProcessById(p);
            process.Kill();
            await ProcessProbe.WaitForExitAsync(p, TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Guards the kill: the pid must still be a bitslite-host (pids are reused).</summary>
    private static bool IsOurHost(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("bitslite-host", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"bitslite-hostbench: could not delete '{DataRoot}': {ex.Message}");
        }
    }
}
