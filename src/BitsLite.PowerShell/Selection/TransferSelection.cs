using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Selection;

/// <summary>
/// Picks transfers by display-name patterns, as Get-Transfer -Name and the -Name parameter sets do: every transfer
/// that matches any pattern, once, in creation order; and the plain names (no wildcards) that matched nothing, which
/// the cmdlets report as errors as Get-Process does.
/// </summary>
internal static class TransferSelection
{
    public static (List<TransferInfo> Matches, List<string> Unmatched) ByName(IEnumerable<TransferInfo> transfers, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(names);
        var patterns = names.Select(n => new NamePattern(n)).ToList();
        var matched = new bool[patterns.Count];
        var matches = new List<TransferInfo>();
        foreach (var transfer in transfers)
        {
            var any = false;
            for (var i = 0; i < patterns.Count; i++)
            {
                if (patterns[i].IsMatch(transfer.Options.DisplayName))
                {
                    matched[i] = true;
                    any = true;
                }
            }

            if (any)
            {
                matches.Add(transfer);
            }
        }

        var unmatched = patterns.Where((p, i) => !matched[i] && !p.HasWildcards).Select(p => p.Text).ToList();
        return (matches, unmatched);
    }
}
