using System.Globalization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Completion;

/// <summary>Completions for -Name and -Id from the live transfers, tested without PowerShell.</summary>
internal static class TransferCompletion
{
    public const int MaxCandidates = 100;

    /// <summary>Display names starting with what was typed (quotes stripped, case-insensitive), each once, quoted when needed.</summary>
    public static List<CompletionCandidate> Names(IEnumerable<TransferInfo> transfers, string? typed)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        var prefix = Unquote(typed);
        return transfers
            .Where(t => t.Options.DisplayName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .GroupBy(t => t.Options.DisplayName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Take(MaxCandidates)
            .Select(g => new CompletionCandidate(Quote(g.Key), g.Key, g.Count() == 1 ? Describe(g.First()) : $"{g.Count()} transfers"))
            .ToList();
    }

    /// <summary>Ids starting with what was typed, newest first, with the name and state as tooltip.</summary>
    public static List<CompletionCandidate> Ids(IEnumerable<TransferInfo> transfers, string? typed)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        var prefix = Unquote(typed);
        return transfers
            .Where(t => t.Id.ToString("D", CultureInfo.InvariantCulture).StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(t => t.CreationTime)
            .Take(MaxCandidates)
            .Select(t => new CompletionCandidate(t.Id.ToString("D", CultureInfo.InvariantCulture), $"{t.Id:D} {t.Options.DisplayName}", Describe(t)))
            .ToList();
    }

    private static string Describe(TransferInfo t) => $"{t.Options.DisplayName} ({t.State}, {t.Id:D})";

    private static string Unquote(string? typed)
    {
        var text = typed ?? "";
        return text.Length > 0 && text[0] is '\'' or '"' ? text[1..].TrimEnd(text[0]) : text;
    }

    // -Name takes wildcards, so wildcard characters are escaped with a backtick; single quotes then keep $, backticks
    // and spaces literal, with a quote inside doubled.
    private static string Quote(string name)
    {
        var escaped = string.Concat(name.Select(c => c is '*' or '?' or '[' or ']' or '`' ? "`" + c : c.ToString()));
        return escaped.Any(c => char.IsWhiteSpace(c) || "'\"`$&@(){}[];,|<>#".Contains(c, StringComparison.Ordinal))
            ? "'" + escaped.Replace("'", "''", StringComparison.Ordinal) + "'"
            : escaped;
    }
}
