namespace BitsLite.Cli.Errors;

/// <summary>
/// Standard output went away (e.g. <c>bitslite list | head</c> and head exited). Not an error: the reader
/// had what it wanted, so the command ends quietly.
/// </summary>
internal sealed class OutputClosedException : Exception
{
    public OutputClosedException() : base("Standard output is closed.") { }

    public OutputClosedException(string message) : base(message) { }

    public OutputClosedException(string message, Exception innerException) : base(message, innerException) { }
}
