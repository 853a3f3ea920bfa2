namespace BitsLite.Cli.Input;

/// <summary>
/// Standard input, as the password options read it: lines when it is a file or a pipe, keys without echo when it is a
/// terminal. Tests build one from a string (or from keys, to play a terminal).
/// </summary>
internal sealed class CliInput
{
    private readonly Lazy<TextReader> _reader;
    private readonly Lazy<bool> _isTerminal;
    private readonly Func<CancellationToken, ConsoleKeyInfo>? _readKey;

    /// <param name="reader">Standard input as text (only opened when a line is read).</param>
    /// <param name="isTerminal">Whether standard input is a terminal (asked only when a password is needed).</param>
    /// <param name="readKey">Reads one key without echoing it; needed only for a terminal.</param>
    public CliInput(Func<TextReader> reader, Func<bool> isTerminal, Func<CancellationToken, ConsoleKeyInfo>? readKey = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(isTerminal);
        _reader = new Lazy<TextReader>(reader);
        _isTerminal = new Lazy<bool>(isTerminal);
        _readKey = readKey;
    }

    /// <summary>Whether standard input is a terminal, so that a password is typed at a prompt rather than read as a line.</summary>
    public bool IsTerminal => _isTerminal.Value;

    /// <summary>Standard input of this process. Nothing is opened or changed on the terminal until it is used.</summary>
    public static CliInput ForProcess() => new(() => Console.In, () => !Console.IsInputRedirected, ReadConsoleKey);

    /// <summary>Standard input holding <paramref name="text"/> (a file or a pipe; empty: at its end at once).</summary>
    public static CliInput FromText(string text) => new(() => new StringReader(text), () => false);

    /// <summary>One line of standard input without its line break, or <see langword="null"/> at its end.</summary>
    public string? ReadLine() => _reader.Value.ReadLine();

    /// <summary>One key from the terminal, not echoed; Ctrl+C (the token) ends the wait.</summary>
    public ConsoleKeyInfo ReadKey(CancellationToken cancellationToken) =>
        _readKey is null ? throw new InvalidOperationException("This input has no terminal to read keys from.") : _readKey(cancellationToken);

    private static ConsoleKeyInfo ReadConsoleKey(CancellationToken cancellationToken)
    {
        // Console.ReadKey cannot be cancelled: wait for a key first, so that Ctrl+C at the prompt ends the command at once.
        while (!Console.KeyAvailable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(25);
        }

        return Console.ReadKey(intercept: true);
    }
}
