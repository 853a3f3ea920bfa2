using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace BitsLite.Cli.Arguments;

/// <summary>Parses a custom request header given as "Name: value" into the form the host stores.</summary>
internal static class HeaderParser
{
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Returns "Name: value" (name as given, value trimmed) or an error naming what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? header, [NotNullWhen(false)] out string? error)
    {
        header = null;
        var value = text ?? "";
        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            error = "a header cannot contain line breaks";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"'{value}' is not a header; write it as \"Name: value\"";
            return false;
        }

        var name = value[..colon].Trim();
        if (name.Length == 0)
        {
            error = $"'{value}' has no header name before the colon; write it as \"Name: value\"";
            return false;
        }

        if (name.AsSpan().ContainsAnyExcept(TokenCharacters))
        {
            error = $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
            return false;
        }

        var headerValue = value[(colon + 1)..].Trim();
        header = headerValue.Length == 0 ? name + ":" : $"{name}: {headerValue}";
        error = null;
        return true;
    }
}
