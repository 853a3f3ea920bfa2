using System.Text;

namespace BitsLite.Host.Registration;

/// <summary>
/// Joins arguments into a Windows command line that CommandLineToArgvW (and so .NET's Main) splits back
/// into the same arguments: a Task Scheduler action holds its arguments as one string.
/// </summary>
internal static class WindowsCommandLine
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    /// <summary>One argument: as is when it needs no quotes, else quoted with its backslashes doubled before a quote.</summary>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '\n', '\v', '"']) < 0)
        {
            return argument;
        }

        var quoted = new StringBuilder(argument.Length + 2).Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            // Backslashes are literal unless a quote follows them: then each must be doubled, and the quote escaped.
            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        // Before the closing quote, trailing backslashes are doubled too.
        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
