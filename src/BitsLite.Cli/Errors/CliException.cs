namespace BitsLite.Cli.Errors;

/// <summary>A failure the CLI detected itself, with the exit code it means; the message is shown as one line.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public CliException() : this(ExitCodes.Usage, "Invalid arguments.") { }

    public CliException(string message) : this(ExitCodes.Usage, message) { }

    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.Usage;

    public int ExitCode { get; }

    /// <summary>Bad arguments (exit code 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
