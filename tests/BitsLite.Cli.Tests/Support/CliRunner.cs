using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Locations;

namespace BitsLite.Cli.Tests.Support;

/// <summary>The result of running the CLI in-process.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs <c>bitslite</c> in-process with string writers, a private socket directory (where a <see cref="FakeHost"/>
/// may listen) and UTC times. It never starts a real host: AutoStart is off, so "no host" is exit code 5.
/// </summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string directory, string[] args, bool errorIsTerminal = false, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Console = new CliConsole(output, error, errorIsTerminal, 100),
            ClientOptions = new BitsLiteClientOptions
            {
                Paths = new BitsLitePaths(directory, directory),
                AutoStart = false,
                ClientName = "bitslite-cli-tests/1",
            },
            CurrentDirectory = directory,
            TimeZone = TimeZoneInfo.Utc,
            HandleTerminationSignals = false,
            Time = time ?? TimeProvider.System,
        };
        var exitCode = await BitsLiteCommandLine.InvokeAsync(args, context, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
