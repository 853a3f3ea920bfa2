using System.Globalization;

namespace BitsLite.HostBench;

/// <summary>
/// The benchmark's temporary directory: the homes of each measurement and the seeded store, which is made
/// once and copied into every home that needs it. Disposing deletes all of it.
/// </summary>
internal sealed class BenchWorkspace : IDisposable
{
    private readonly BenchSettings _settings;
    private string? _seededStore;

    public BenchWorkspace(BenchSettings settings)
    {
        _settings = settings;
        // Short: the host's socket lives in each home, and Unix socket paths are limited to about 100 bytes.
        Root = Path.Combine(settings.WorkParent, $"blhb-{Environment.ProcessId}");
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; }

    /// <summary>Where the seeded jobs' destinations are (the directories must exist for the engine to accept them).</summary>
    public string Downloads => Path.Combine(Root, "downloads");

    public BenchHome NewHome(string name) => BenchHome.Create(Root, name);

    /// <summary>The seeded store's database file, seeding it on first use.</summary>
    public async Task<string> SeededStoreAsync()
    {
        if (_seededStore is not null)
        {
            return _seededStore;
        }

        if (_settings.StorePath is { } kept && File.Exists(kept))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded store: reused '{kept}' ({new FileInfo(kept).Length / 1048576.0:0.0} MiB; made by an earlier run with --store)."));
            Console.WriteLine();
            return _seededStore = kept;
        }

        var database = Path.Combine(Root, "seed", "jobs.db");
        Console.Error.WriteLine($"bitslite-hostbench: seeding {_settings.Jobs:N0} jobs through the engine…");
        var (elapsed, files) = await StoreSeeder.SeedAsync(database, Downloads, _settings.Jobs);
        var bytes = new FileInfo(database).Length;
        var wal = database + "-wal";
        if (File.Exists(wal) && new FileInfo(wal).Length > 0)
        {
            throw new InvalidOperationException($"The engine left a non-empty WAL ({wal}); a copy of the .db file alone would be incomplete.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seeded store: {_settings.Jobs:N0} Suspended jobs, {files:N0} files, {StoreSeeder.JobsPerOwner} jobs per owner; " +
            $"jobs.db {bytes / 1048576.0:0.0} MiB; seeding through TransferEngine.CreateAsync took {elapsed.TotalSeconds:0.0} s."));
        Console.WriteLine();
        if (_settings.StorePath is { } keep)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keep)!);
            File.Copy(database, keep);
            File.SetUnixFileMode(keep, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (File.Exists(BenchHome.KeyOf(database)))
            {
                File.Copy(BenchHome.KeyOf(database), BenchHome.KeyOf(keep), overwrite: true);
                File.SetUnixFileMode(BenchHome.KeyOf(keep), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            database = keep;
        }

        _seededStore = database;
        return database;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"bitslite-hostbench: could not delete '{Root}': {ex.Message}");
        }
    }
}
