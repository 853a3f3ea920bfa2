using System.Globalization;

namespace BitsLite.HostBench;

/// <summary>The command line: <c>bitslite-hostbench --host PATH [--cli PATH] [options] MODE...</c>.</summary>
internal sealed record BenchSettings
{
    public const string Usage =
        "usage: bitslite-hostbench --host PATH [--cli PATH] [--runs N] [--jobs N] [--idle-seconds S] [--list-runs N] [--host-starts N] [--work DIR] MODE...\n" +
        "  MODE: cold-start | idle | list (any of them, in that order)\n" +
        "  --host PATH      the bitslite-host apphost to start (publish it ReadyToRun; see bench/host.sh)\n" +
        "  --cli PATH       the bitslite CLI apphost; adds `bitslite list` process timings (optional)\n" +
        "  --runs N         cold starts measured (default 20, after 1 discarded warm-up)\n" +
        "  --jobs N         jobs in the seeded store (default 100000)\n" +
        "  --idle-seconds S how long each idle host is watched (default 60)\n" +
        "  --list-runs N    full listings per host start (default 5)\n" +
        "  --host-starts N  host starts on the seeded store in list mode (default 3)\n" +
        "  --work DIR       where the temporary homes go (default $TMPDIR); everything made there is deleted\n" +
        "  --store FILE     keep the seeded store here and reuse it when it exists (it must hold --jobs jobs)\n" +
        "  --full           list whole snapshots with their files (default: summaries, as tables list)\n" +
        "  --no-pipeline    leave out list mode's in-process stage breakdown (it runs this driver's engine, not --host)";

    public required string HostPath { get; init; }

    public string? CliPath { get; init; }

    public int Runs { get; init; } = 20;

    public int Jobs { get; init; } = 100_000;

    public int IdleSeconds { get; init; } = 60;

    public int ListRuns { get; init; } = 5;

    public int HostStarts { get; init; } = 3;

    /// <summary>List summaries (no per-file entries), as tables do; --full lists whole snapshots.</summary>
    public bool Summary { get; init; } = true;

    /// <summary>Whether list mode also times each stage of the list path in this process (the driver's own engine).</summary>
    public bool Pipeline { get; init; } = true;

    public string WorkParent { get; init; } = Path.GetTempPath();

    /// <summary>A seeded store to reuse, or where to keep the one seeded now; null to seed into the workspace and delete it.</summary>
    public string? StorePath { get; init; }

    public IReadOnlyList<string> Modes { get; init; } = [];

    public static readonly string[] KnownModes = ["cold-start", "idle", "list"];

    /// <exception cref="FormatException">The message says what is wrong.</exception>
    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        string? host = null, cli = null, work = null, store = null;
        int runs = 20, jobs = 100_000, idle = 60, listRuns = 5, starts = 3;
        var summary = true;
        var pipeline = true;
        var modes = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            int Number() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new FormatException($"{args[i - 1]} needs a positive number, not '{args[i]}'.");
            switch (args[i])
            {
                case "--host": host = Next(); break;
                case "--cli": cli = Next(); break;
                case "--work": work = Next(); break;
                case "--store": store = Next(); break;
                case "--runs": runs = Number(); break;
                case "--jobs": jobs = Number(); break;
                case "--idle-seconds": idle = Number(); break;
                case "--list-runs": listRuns = Number(); break;
                case "--host-starts": starts = Number(); break;
                case "--full": summary = false; break;
                case "--no-pipeline": pipeline = false; break;
                case var mode when KnownModes.Contains(mode): modes.Add(mode); break;
                default: throw new FormatException($"Unknown argument '{args[i]}'.");
            }
        }

        if (host is null || !File.Exists(host))
        {
            throw new FormatException(host is null ? "--host is required." : $"The host '{host}' does not exist.");
        }

        if (cli is not null && !File.Exists(cli))
        {
            throw new FormatException($"The CLI '{cli}' does not exist.");
        }

        if (modes.Count == 0)
        {
            throw new FormatException("Name at least one mode.");
        }

        return new BenchSettings
        {
            HostPath = Path.GetFullPath(host),
            CliPath = cli is null ? null : Path.GetFullPath(cli),
            Runs = runs,
            Jobs = jobs,
            IdleSeconds = idle,
            ListRuns = listRuns,
            HostStarts = starts,
            Summary = summary,
            Pipeline = pipeline,
            WorkParent = work ?? Path.GetTempPath(),
            StorePath = store is null ? null : Path.GetFullPath(store),
            Modes = [.. KnownModes.Where(modes.Contains)],
        };
    }
}
