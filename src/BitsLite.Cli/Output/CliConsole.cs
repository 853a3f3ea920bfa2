using System.Text;
using BitsLite.Cli.Errors;

namespace BitsLite.Cli.Output;

/// <summary>
/// The two streams a command writes to: data on standard output, messages and progress on standard error.
/// A closed standard output ends the command quietly (<see cref="OutputClosedException"/>); a closed
/// standard error is ignored, since there is nobody left to tell. No colour is ever used (so NO_COLOR holds).
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool errorIsTerminal = false, int terminalWidth = 80)
    {
        Output = output;
        Error = error;
        ErrorIsTerminal = errorIsTerminal;
        TerminalWidth = terminalWidth;
    }

    /// <summary>Standard output (help text also goes here).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether standard error is a terminal, so that a progress line may be redrawn in place with \r.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>The terminal's width in columns, to keep a redrawn line from wrapping.</summary>
    public int TerminalWidth { get; }

    /// <summary>The console of this process.</summary>
    public static CliConsole ForProcess()
    {
        var terminal = !Console.IsErrorRedirected;
        var width = 80;
        if (terminal)
        {
            try
            {
                width = Console.WindowWidth > 10 ? Console.WindowWidth : 80;
            }
            catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                // Not a real console after all; keep the default.
            }
        }

        return new CliConsole(StandardOutput(), Console.Error, terminal, width);
    }

    /// <summary>
    /// Standard output with a 64 KiB buffer, still flushed after every write: Console.Out writes in 256-byte pieces,
    /// and a table of 100,000 jobs (7 MB) would take 27,000 system calls. Console.Out where the encoding is not UTF-8.
    /// </summary>
    private static TextWriter StandardOutput()
    {
        if (Console.OutputEncoding.CodePage != Encoding.UTF8.CodePage)
        {
            return Console.Out;
        }

        var writer = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16)
        {
            AutoFlush = true,
        };
        return TextWriter.Synchronized(writer);
    }

    /// <summary>Writes data (a whole rendered block, so that large tables cost one write).</summary>
    public void Write(string text)
    {
        try
        {
            Output.Write(text);
            Output.Flush();
        }
        catch (IOException ex)
        {
            throw new OutputClosedException("Standard output is closed.", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new OutputClosedException("Standard output is closed.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            // What .NET makes of EBADF: the shell closed standard output (bitslite list >&-).
            throw new OutputClosedException("Standard output is closed.", ex);
        }
    }

    /// <summary>Writes one line of data.</summary>
    public void WriteLine(string line = "") => Write(line + Environment.NewLine);

    /// <summary>Writes text to standard error as is (progress drawing).</summary>
    public void WriteError(string text)
    {
        try
        {
            Error.Write(text);
            Error.Flush();
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Writes a message line to standard error.</summary>
    public void Message(string line) => WriteError(line + Environment.NewLine);

    /// <summary>Reports a failure as the one line "bitslite: message".</summary>
    public void Fail(string message)
    {
        var line = OneLine(message);
        Message("bitslite: " + (line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + "."));
    }

    /// <summary>Messages from the host or the system may hold line breaks; an error must stay one line.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
