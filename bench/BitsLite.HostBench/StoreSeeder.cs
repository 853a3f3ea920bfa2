using System.Diagnostics;
using System.Globalization;
using BitsLite.Engine;
using BitsLite.Protocol.Transfers;

namespace BitsLite.HostBench;

/// <summary>
/// Writes a job store through the engine's public API (no host involved): jobs created Suspended, each with
/// 1–3 http(s) files whose destinations lie in existing directories, spread over many owners to stay below
/// the per-owner limit. All of them are live, which is the worst case for a host: it loads every live job at start.
/// </summary>
internal static class StoreSeeder
{
    /// <summary>Jobs per owner: below the engine's default MaxJobsPerOwner (300), so the store is one a default host accepts.</summary>
    public const int JobsPerOwner = 250;

    private static readonly TransferPriority[] Priorities = [TransferPriority.Normal, TransferPriority.Normal, TransferPriority.Low, TransferPriority.High, TransferPriority.Foreground];

    /// <returns>The seeding time and the number of files written.</returns>
    public static async Task<(TimeSpan Elapsed, int Files)> SeedAsync(string databasePath, string downloads, int jobs)
    {
        const int directories = 100;
        for (var d = 0; d < directories; d++)
        {
            Directory.CreateDirectory(Path.Combine(downloads, Dir(d)));
        }

        var clock = Stopwatch.StartNew();
        var files = 0;
        await using (var engine = await TransferEngine.OpenAsync(new TransferEngineOptions { DatabasePath = databasePath }))
        {
            for (var n = 0; n < jobs; n++)
            {
                var request = Request(n, downloads, Dir(n % directories));
                await engine.CreateAsync(request);
                files += request.Files.Count;
                if ((n + 1) % 20_000 == 0)
                {
                    Console.Error.WriteLine($"bitslite-hostbench: seeded {n + 1:N0} jobs ({clock.Elapsed.TotalSeconds:0.0} s)");
                }
            }
        }

        return (clock.Elapsed, files);
    }

    private static string Dir(int d) => "d" + d.ToString("00", CultureInfo.InvariantCulture);

    private static TransferRequest Request(int n, string downloads, string directory)
    {
        var mirror = n % 7;
        var name = string.Create(CultureInfo.InvariantCulture, $"package-{n:000000}");
        var count = n % 3 + 1;
        var files = new List<TransferFileSpec>(count);
        for (var i = 0; i < count; i++)
        {
            var source = string.Create(CultureInfo.InvariantCulture, $"https://mirror{mirror}.example.com/releases/2026/{n / 1000}/{name}/part{i}.tar.gz");
            files.Add(new TransferFileSpec(source, Path.Combine(downloads, directory, $"{name}-part{i}.tar.gz")));
        }

        return new TransferRequest
        {
            Owner = string.Create(CultureInfo.InvariantCulture, $"user{n / JobsPerOwner:0000}"),
            Files = files,
            Suspended = true,
            Options = new()
            {
                DisplayName = name,
                Description = n % 4 == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"Nightly mirror sync of {name} ({count} parts)"),
                Priority = Priorities[n % Priorities.Length],
                MaxBandwidth = n % 10 == 0 ? 1_000_000 : null,
                CustomHeaders = n % 20 == 0 ? ["Authorization: Bearer 0123456789abcdef"] : [],
            },
        };
    }
}
