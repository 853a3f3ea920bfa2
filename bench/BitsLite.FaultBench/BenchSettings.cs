using System.Globalization;

namespace BitsLite.FaultBench;

/// <summary>What one run of the fault matrix measures; parsed from the command line.</summary>
internal sealed record BenchSettings
{
    public const string Usage = """
        usage: bitslite-faultbench --cli PATH --host PATH [--runs N] [--size MIB] [--drop-at MIB] [--time-limit S]
                                   [--tools curl,wget,aria2c,bitslite] [--scenarios NAME,...] [--work DIR]
        Runs every scenario with every tool N times (interleaved) and prints a Markdown table on stdout.
        """;

    /// <summary>The <c>bitslite</c> CLI.</summary>
    public required string Cli { get; init; }

    /// <summary>The <c>bitslite-host</c> the CLI's host is started from.</summary>
    public required string Host { get; init; }

    public int Runs { get; init; } = 3;

    public int SizeMiB { get; init; } = 100;

    /// <summary>Where a dropped or short response breaks, in MiB of its own body.</summary>
    public int DropAtMiB { get; init; } = 10;

    /// <summary>A run still going after this is killed and counts as FAIL.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> Tools { get; init; } = ["curl", "wget", "aria2c", "bitslite"];

    /// <summary>Scenario names to run; empty for all.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Output files and the bench's BITSLITE_HOME go below this (created, and deleted afterwards).</summary>
    public string Work { get; init; } = Path.Combine(Path.GetTempPath(), $"bitslite-faultbench-{Environment.ProcessId}");

    public static BenchSettings Parse(string[] args)
    {
        string? cli = null, host = null;
        var settings = new BenchSettings { Cli = "", Host = "" };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--cli" => settings with { Cli = cli = Path.GetFullPath(value) },
                "--host" => settings with { Host = host = Path.GetFullPath(value) },
                "--runs" => settings with { Runs = Positive(args[i], value) },
                "--size" => settings with { SizeMiB = Positive(args[i], value) },
                "--drop-at" => settings with { DropAtMiB = Positive(args[i], value) },
                "--time-limit" => settings with { TimeLimit = TimeSpan.FromSeconds(Positive(args[i], value)) },
                "--tools" => settings with { Tools = List(value) },
                "--scenarios" => settings with { Scenarios = List(value) },
                "--work" => settings with { Work = Path.GetFullPath(value) },
                _ => throw new FormatException($"Unknown option '{args[i]}'."),
            };
            i++;
        }

        if (settings.Tools.Contains("bitslite") && (cli is null || host is null))
        {
            throw new FormatException("--cli and --host are required to run bitslite.");
        }

        if (settings.DropAtMiB >= settings.SizeMiB)
        {
            throw new FormatException("--drop-at must be less than --size.");
        }

        return settings;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{option} takes a positive whole number, not '{value}'.");

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
