using BitsLite.Cli.Errors;
using BitsLite.Protocol.Options;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Request headers from a file or standard input (<c>--header-file</c>), so that a token never appears on a command line,
/// where every user of the machine can read it (/proc/PID/cmdline): one "Name: value" per line; blank lines and lines
/// that start with '#' are skipped.
/// </summary>
internal static class HeaderFile
{
    /// <summary>The headers in <paramref name="path"/> ("-": standard input).</summary>
    /// <exception cref="CliException">The file cannot be read, or a line is not a header (a usage error naming the line).</exception>
    public static List<string> Read(string path, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(context);
        IEnumerable<string> lines;
        try
        {
            lines = path == "-" ? StandardInput(context) : File.ReadAllLines(Path.GetFullPath(path, context.CurrentDirectory));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw CliException.Usage($"--header-file: cannot read '{path}': {ex.Message}");
        }

        var headers = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            // The error names the line, not its text: the text may hold the very secret the file keeps out of sight.
            headers.Add(TransferOptionRules.TryParseHeader(text, out var header, out _)
                ? header
                : throw CliException.Usage($"--header-file: line {number} of '{path}' is not a header; write each as \"Name: value\""));
        }

        return headers;
    }

    private static IEnumerable<string> StandardInput(CliContext context)
    {
        while (context.Input.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
