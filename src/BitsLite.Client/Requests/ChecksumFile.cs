using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Requests;

/// <summary>
/// Expected SHA-256s for many files from a checksum file as <c>sha256sum</c> writes it: one <c>HEX  NAME</c> (text
/// mode) or <c>HEX *NAME</c> (binary mode) per line, a name with a backslash or a new line escaped and the line then
/// starting with '\'. The BSD form <c>SHA256 (NAME) = HEX</c> (<c>sha256sum --tag</c>, <c>shasum -a 256 --tag</c>) is
/// read too. Blank lines and lines starting with '#' are skipped.
/// </summary>
/// <remarks>
/// Each file of a job takes the line whose name is its destination's file name, else the name its source has (the last
/// segment of its URL, or a local source's file name); a leading "./" of a listed name is ignored. Every file must have
/// a line. Lines for files that are not in the job are ignored: a release's SHA256SUMS usually lists many files, of
/// which one is downloaded.
/// </remarks>
public static class ChecksumFile
{
    private const string BsdPrefix = "SHA256 (";
    private const string BsdInfix = ") = ";

    /// <summary>The names and hashes of a checksum file's lines (hashes in lower case).</summary>
    /// <param name="lines">The file's lines.</param>
    /// <param name="path">The file as the user named it, for messages.</param>
    /// <exception cref="TransferException">InvalidArgument naming the line that is not a checksum line, or a name listed twice with two hashes.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.TrimEnd('\r');
            if (text.Trim().Length == 0 || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var (hash, name) = ParseLine(text) ?? throw Invalid(
                $"Line {number} of the checksum file '{path}' is not a SHA-256 line: '{Shorten(text)}'. Write each as 'HEX  NAME' (sha256sum's output: 64 hexadecimal digits, two spaces or ' *', the file name).");
            name = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
            if (sums.TryGetValue(name, out var earlier) && earlier != hash)
            {
                throw Invalid($"The checksum file '{path}' lists '{name}' twice with different hashes (line {number}).");
            }

            sums[name] = hash;
        }

        return sums;
    }

    /// <summary>The files with their expected hash from <paramref name="sums"/>.</summary>
    /// <exception cref="TransferException">InvalidArgument naming a file that has no line.</exception>
    public static IReadOnlyList<TransferFileSpec> Apply(IReadOnlyList<TransferFileSpec> files, IReadOnlyDictionary<string, string> sums, string path)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(sums);
        var result = new List<TransferFileSpec>(files.Count);
        foreach (var file in files)
        {
            var local = Path.GetFileName(file.Destination);
            var remote = RemoteName(file.Source);
            var hash = sums.GetValueOrDefault(local) ?? (remote is null ? null : sums.GetValueOrDefault(remote))
                ?? throw Invalid($"The checksum file '{path}' has no line for '{local}'{(remote is null || remote == local ? "" : $" (nor for '{remote}')")}; every file of the job needs one.");
            result.Add(file with { ExpectedHash = hash });
        }

        return result;
    }

    private static (string Hash, string Name)? ParseLine(string line)
    {
        // GNU escapes a name holding '\' or a new line, and marks the line with a leading '\'.
        var escaped = line.StartsWith('\\');
        var text = escaped ? line[1..] : line;
        string hash, name;
        if (text.StartsWith(BsdPrefix, StringComparison.Ordinal) && text.LastIndexOf(BsdInfix, StringComparison.Ordinal) is var at and > 0)
        {
            (name, hash) = (text[BsdPrefix.Length..at], text[(at + BsdInfix.Length)..].Trim());
        }
        else if (text.Length > Sha256Text.Length + 2 && text[Sha256Text.Length] == ' ' && text[Sha256Text.Length + 1] is ' ' or '*')
        {
            (hash, name) = (text[..Sha256Text.Length], text[(Sha256Text.Length + 2)..]);
        }
        else
        {
            return null;
        }

        if (!Sha256Text.IsValid(hash) || name.Length == 0)
        {
            return null;
        }

        return (hash.ToLowerInvariant(), escaped ? Unescape(name) : name);
    }

    /// <summary>GNU's escapes, read left to right: <c>\\</c> is a backslash, <c>\n</c> a new line.</summary>
    private static string Unescape(string name)
    {
        var text = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 1 < name.Length && name[i + 1] is '\\' or 'n')
            {
                text.Append(name[++i] == 'n' ? '\n' : '\\');
            }
            else
            {
                text.Append(name[i]);
            }
        }

        return text.ToString();
    }

    private static string? RemoteName(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var url) && !url.IsFile ? FileNameDeriver.FromUrl(url, out _) : FileNameDeriver.FromLocalPath(source, out _);

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..97] + "...";

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
