using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Client;

namespace BitsLite.Cli;

/// <summary>
/// What commands take from the process: the console, how to reach the host, the current directory and
/// the clock. Tests build one with string writers, a private host socket and a fixed time zone.
/// </summary>
internal sealed class CliContext
{
    /// <summary>The name and version the CLI introduces itself with to the host.</summary>
    public static readonly string ClientName = "bitslite-cli/" + Version;

    public required CliConsole Console { get; init; }

    /// <summary>How to reach the host; AutoStart on (commands that must not start one turn it off).</summary>
    public required BitsLiteClientOptions ClientOptions { get; init; }

    /// <summary>Relative local paths are made absolute against this directory.</summary>
    public required string CurrentDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Standard input, where passwords not in the environment come from.</summary>
    public CliInput Input { get; init; } = CliInput.FromText("");

    /// <summary>Reads an environment variable (BITSLITE_PASSWORD, BITSLITE_PROXY_PASSWORD); none by default.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = _ => null;

    /// <summary>Where the passwords of --user and --proxy-user come from.</summary>
    public PasswordReader Passwords => new(Input, Console, GetEnvironmentVariable);

    /// <summary>Times are shown in this zone (local by default).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>
    /// Completes when standard output has lost its reader, for commands that may print nothing for a long time (watch);
    /// <see langword="null"/> when that cannot be told (tests), and a closed output is noticed at the next write.
    /// </summary>
    public Func<CancellationToken, Task>? WhenOutputClosed { get; init; }

    /// <summary>Let System.CommandLine turn SIGINT/SIGTERM into cancellation (off in tests, which cancel themselves).</summary>
    public bool HandleTerminationSignals { get; init; } = true;

    /// <summary>The CLI's version, e.g. "0.1.0".</summary>
    public static string Version => typeof(CliContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The context of this process.</summary>
    public static CliContext ForProcess() => new()
    {
        Console = CliConsole.ForProcess(),
        ClientOptions = new BitsLiteClientOptions { ClientName = ClientName },
        CurrentDirectory = Environment.CurrentDirectory,
        Input = CliInput.ForProcess(),
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        WhenOutputClosed = StandardOutputHangup.WaitAsync,
    };
}
