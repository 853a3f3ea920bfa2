using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Locations;

namespace BitsLite.Cli.Tests.Support;

/// <summary>The result of running the CLI in-process.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs <c>bitslite</c> in-process with recording writers and UTC times, against the host the given client options
/// reach (see <see cref="HostEnvironment"/>), or against no host at all (<see cref="RunAsync(string, string[])"/>).
/// </summary>
internal static class CliRunner
{
    /// <summary>The longest a command may run in a test; a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs with a private, empty directory as BITSLITE_HOME and AutoStart off: no host runs there and none is started,
    /// so a command that needs one fails with exit code 5.
    /// </summary>
    public static Task<CliResult> RunAsync(string directory, params string[] args) =>
        Start(new BitsLiteClientOptions { Paths = new BitsLitePaths(directory, directory), AutoStart = false, ClientName = "bitslite-cli-tests/1" }, directory, args).Completion;

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with standard input and environment variables.</summary>
    public static Task<CliResult> RunAsync(string directory, CliInput input, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(new BitsLiteClientOptions { Paths = new BitsLitePaths(directory, directory), AutoStart = false, ClientName = "bitslite-cli-tests/1" }, directory, args, input, environment);

    /// <summary>
    /// Starts a command; the returned run can be watched while it goes on. Standard input is empty (and not a
    /// terminal), and the command sees no environment variables.
    /// </summary>
    public static CliRun Start(BitsLiteClientOptions options, string directory, IReadOnlyList<string> args, CancellationToken cancellationToken = default) =>
        new(options, directory, args, cancellationToken);

    /// <summary>Runs a command with standard input <paramref name="input"/> and only the environment variables <paramref name="environment"/>.</summary>
    public static Task<CliResult> RunAsync(BitsLiteClientOptions options, string directory, IReadOnlyList<string> args, CliInput input, IReadOnlyDictionary<string, string> environment) =>
        new CliRun(options, directory, args, CancellationToken.None, input, environment).Completion;
}

/// <summary>One command running in-process.</summary>
internal sealed class CliRun
{
    private readonly RecordingWriter _output = new();
    private readonly RecordingWriter _error = new();

    public CliRun(BitsLiteClientOptions options, string directory, IReadOnlyList<string> args, CancellationToken cancellationToken,
        CliInput? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var context = new CliContext
        {
            Console = new CliConsole(_output, _error, errorIsTerminal: false, terminalWidth: 100),
            ClientOptions = options,
            CurrentDirectory = directory,
            TimeZone = TimeZoneInfo.Utc,
            HandleTerminationSignals = false,
            Input = input ?? CliInput.FromText(""),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
        // Off the caller's thread, so that a test can watch the command while it runs.
        string[] arguments = [.. args];
        Completion = Task.Run(() => RunAsync(context, arguments, cancellationToken), CancellationToken.None);
    }

    /// <summary>The exit code and what was written, once the command ends (within <see cref="CliRunner.Timeout"/>).</summary>
    public Task<CliResult> Completion { get; }

    /// <summary>Completes when the command has written <paramref name="text"/> to standard error.</summary>
    public Task ErrorShowsAsync(string text) => _error.WhenContainsAsync(text).WaitAsync(CliRunner.Timeout);

    private async Task<CliResult> RunAsync(CliContext context, string[] args, CancellationToken cancellationToken)
    {
        var exitCode = await BitsLiteCommandLine.InvokeAsync(args, context, cancellationToken).WaitAsync(CliRunner.Timeout, CancellationToken.None);
        return new CliResult(exitCode, _output.ToString(), _error.ToString());
    }
}
