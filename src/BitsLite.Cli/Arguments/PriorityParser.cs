using System.Diagnostics.CodeAnalysis;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>Parses a priority name (any case); numbers are refused, so no undefined value can slip through.</summary>
internal static class PriorityParser
{
    public const string Names = "foreground|high|normal|low";

    public static bool TryParse(string? text, out TransferPriority priority, [NotNullWhen(false)] out string? error)
    {
        var value = (text ?? "").Trim();
        foreach (var candidate in Enum.GetValues<TransferPriority>())
        {
            if (value.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                priority = candidate;
                error = null;
                return true;
            }
        }

        priority = default;
        error = $"'{text}' is not a priority; use {Names}";
        return false;
    }
}
