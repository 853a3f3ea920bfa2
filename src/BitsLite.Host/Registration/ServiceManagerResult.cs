using System.Globalization;

namespace BitsLite.Host.Registration;

/// <summary>What a service-manager command (systemctl, launchctl, schtasks) did: its outcome, exit code and output.</summary>
/// <param name="Outcome">Whether it ran, was not found, or timed out.</param>
/// <param name="ExitCode">Its exit code when it exited; -1 otherwise.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error, or why it could not run.</param>
internal sealed record ServiceManagerResult(ServiceManagerOutcome Outcome, int ExitCode, string Output, string Error)
{
    /// <summary>It ran and exited 0.</summary>
    public bool Succeeded => Outcome == ServiceManagerOutcome.Exited && ExitCode == 0;

    /// <summary>The first non-empty line of standard error, else of standard output: what a one-line message quotes.</summary>
    public string FirstLine => FirstNonEmptyLine(Error) ?? FirstNonEmptyLine(Output) ?? "";

    /// <summary>The first non-empty line of standard output (systemctl is-enabled/is-active print their answer there).</summary>
    public string FirstOutputLine => FirstNonEmptyLine(Output) ?? "";

    public static ServiceManagerResult Exited(int exitCode, string output = "", string error = "") =>
        new(ServiceManagerOutcome.Exited, exitCode, output, error);

    public static ServiceManagerResult NotFound(string reason) => new(ServiceManagerOutcome.NotFound, -1, "", reason);

    public static ServiceManagerResult TimedOut(TimeSpan after) =>
        new(ServiceManagerOutcome.TimedOut, -1, "", string.Create(CultureInfo.InvariantCulture, $"no answer within {after.TotalSeconds:0.#} s"));

    /// <summary>One line saying why <paramref name="command"/> (as the user would type it) did not succeed.</summary>
    public string Describe(string command)
    {
        var detail = FirstLine;
        return Outcome switch
        {
            ServiceManagerOutcome.NotFound => $"`{command}` could not be run: {WithoutTrailingDot(detail)}.",
            ServiceManagerOutcome.TimedOut => $"`{command}` did not finish ({detail}) and was stopped.",
            _ when detail.Length == 0 => string.Create(CultureInfo.InvariantCulture, $"`{command}` failed (exit code {ExitCode})."),
            _ => string.Create(CultureInfo.InvariantCulture, $"`{command}` failed (exit code {ExitCode}): {WithoutTrailingDot(detail)}."),
        };
    }

    private static string? FirstNonEmptyLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static string WithoutTrailingDot(string text) => text.TrimEnd('.', ' ');
}
