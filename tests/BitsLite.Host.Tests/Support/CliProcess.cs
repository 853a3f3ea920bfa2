using System.Diagnostics;

namespace BitsLite.Host.Tests.Support;

/// <summary>What the real bitslite executable did: its exit code and what it wrote.</summary>
public sealed record CliOutcome(int ExitCode, string Output, string Errors);

/// <summary>The real <c>bitslite</c> executable (built beside the tests), run as a user would, against a test's home and host.</summary>
public static class CliProcess
{
    private static readonly string CliPath = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "bitslite.exe" : "bitslite");

    /// <summary>
    /// Runs bitslite with <paramref name="arguments"/>, BITSLITE_HOME and BITSLITE_HOST_PATH pointing at the test's home
    /// and host (which never exits by itself), standard input closed, and <paramref name="variables"/> added to its environment.
    /// </summary>
    public static async Task<CliOutcome> RunAsync(HostTestEnvironment env, string[] arguments, params (string Name, string Value)[] variables)
    {
        using var cli = Process.Start(StartInfo(env, arguments, variables))!;
        cli.StandardInput.Close();
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(cli);
        return new CliOutcome(cli.ExitCode, await output, await errors);
    }

    /// <summary>How bitslite is started for a test: its streams redirected, and the test's home, host and <paramref name="variables"/> in its environment.</summary>
    public static ProcessStartInfo StartInfo(HostTestEnvironment env, IEnumerable<string> arguments, params (string Name, string Value)[] variables)
    {
        ArgumentNullException.ThrowIfNull(env);
        var start = new ProcessStartInfo(CliPath, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.Environment["BITSLITE_HOME"] = env.Paths.DataRoot;
        start.Environment["BITSLITE_HOST_PATH"] = HostTestEnvironment.HostPath;
        start.Environment["BITSLITE_IDLE_TIMEOUT"] = "0";
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Where the real bitslite executable is.</summary>
    public static string ExecutablePath => CliPath;
}
