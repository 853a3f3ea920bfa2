using System.Diagnostics.CodeAnalysis;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>Parses job state names (any case), several separated by commas.</summary>
internal static class StateParser
{
    public static readonly string Names = string.Join('|', Enum.GetNames<TransferState>());

    public static bool TryParse(string? text, List<TransferState> states, [NotNullWhen(false)] out string? error)
    {
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Enum.GetValues<TransferState>().Where(s => s.ToString().Equals(part, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0)
            {
                error = $"'{part}' is not a job state; use {Names}";
                return false;
            }

            states.Add(match[0]);
        }

        if (states.Count == 0)
        {
            error = $"a state is required; use {Names}";
            return false;
        }

        error = null;
        return true;
    }
}
