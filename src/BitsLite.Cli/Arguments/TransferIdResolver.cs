using System.Globalization;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Finds the job a user means: a full GUID (used as is, without listing), a unique prefix of a job's id
/// (at least <see cref="MinimumPrefixLength"/> hex digits, dashes allowed), or an exact display name. Names
/// often repeat (a daily job keeps its name), so when several jobs share a name but exactly one of them is
/// live (not Acknowledged or Cancelled), that one is meant.
/// </summary>
internal static class TransferIdResolver
{
    public const int MinimumPrefixLength = 4;

    /// <summary>The id <paramref name="text"/> spells out in full, if it does.</summary>
    public static Guid? TryParseFullId(string text) =>
        Guid.TryParse(text.Trim(), out var id) ? id : null;

    /// <summary>Picks the one job of <paramref name="jobs"/> that <paramref name="text"/> names.</summary>
    /// <exception cref="CliException">None matches (exit code 3), or several do (exit code 2, listing them).</exception>
    public static TransferInfo Resolve(string text, IReadOnlyCollection<TransferInfo> jobs)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(jobs);
        if (TryParseFullId(text) is { } full)
        {
            return jobs.FirstOrDefault(j => j.Id == full)
                ?? throw new CliException(ExitCodes.NotFound, $"no job has the id {full}");
        }

        var byName = jobs.Where(j => string.Equals(j.Options.DisplayName, text, StringComparison.Ordinal)).ToList();
        var prefix = text.Trim().ToLowerInvariant();
        var byId = IsIdPrefix(prefix)
            ? jobs.Where(j => j.Id.ToString("D", CultureInfo.InvariantCulture).StartsWith(prefix, StringComparison.Ordinal)
                || j.Id.ToString("N", CultureInfo.InvariantCulture).StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];

        var candidates = byId.Concat(byName).DistinctBy(j => j.Id).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count == 0)
        {
            var hint = IsHex(prefix) && prefix.Length < MinimumPrefixLength
                ? $" (an id prefix needs at least {MinimumPrefixLength} characters)"
                : "";
            throw new CliException(ExitCodes.NotFound, $"no job has the id or name '{text}'{hint}; see 'bitslite list --all'");
        }

        // Several jobs share a name: the live one, when there is exactly one, is the one meant.
        if (byId.Count == 0)
        {
            var live = byName.Where(IsLive).ToList();
            if (live.Count == 1)
            {
                return live[0];
            }
        }

        var shown = string.Join(", ", candidates.Take(10).Select(j => $"{j.Id} ('{j.Options.DisplayName}', {j.State})"));
        var more = candidates.Count > 10 ? $" and {candidates.Count - 10} more" : "";
        throw CliException.Usage($"'{text}' matches {candidates.Count} jobs: {shown}{more}; give more of the id");
    }

    private static bool IsLive(TransferInfo job) => job.State is not (TransferState.Acknowledged or TransferState.Cancelled);

    private static bool IsIdPrefix(string text) =>
        text.Count(Uri.IsHexDigit) >= MinimumPrefixLength && IsHex(text);

    private static bool IsHex(string text) => text.Length > 0 && text.All(c => Uri.IsHexDigit(c) || c == '-');
}
