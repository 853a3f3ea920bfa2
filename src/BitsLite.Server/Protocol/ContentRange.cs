using System.Globalization;

namespace BitsLite.Server.Protocol;

/// <summary>
/// The Content-Range of a Fragment: <c>bytes start-end/total</c>, zero-based and inclusive. An empty file, whose range
/// cannot be written that way, is accepted as <c>bytes */0</c> with no body.
/// </summary>
internal readonly record struct ContentRange(long Start, long End, long Total)
{
    /// <summary>The number of bytes the range covers.</summary>
    public long Length => End - Start + 1;

    /// <summary>Whether the range ends with the file's last byte.</summary>
    public bool IsLast => End == Total - 1;

    public static bool TryParse(string? value, out ContentRange range)
    {
        range = default;
        var text = (value ?? "").AsSpan().Trim();
        const string Unit = "bytes";
        if (!text.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        text = text[Unit.Length..];
        if (text.Length == 0 || !char.IsWhiteSpace(text[0]))
        {
            return false;
        }

        text = text.TrimStart();
        var slash = text.IndexOf('/');
        if (slash < 0 || !TryParseNumber(text[(slash + 1)..], out var total))
        {
            return false;
        }

        var span = text[..slash].Trim();
        if (span is "*")
        {
            // RFC 9110's form for a range that covers nothing: only meaningful for an empty file.
            range = new ContentRange(0, -1, 0);
            return total == 0;
        }

        var dash = span.IndexOf('-');
        if (dash <= 0
            || !TryParseNumber(span[..dash], out var start)
            || !TryParseNumber(span[(dash + 1)..], out var end)
            || end < start
            || end >= total)
        {
            return false;
        }

        range = new ContentRange(start, end, total);
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out long number)
    {
        text = text.Trim();
        number = 0;
        return text.Length > 0
            && char.IsAsciiDigit(text[0])
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
