using System.Globalization;

namespace BitsLite.Testing.FaultServing;

/// <summary>A single byte range resolved against a representation length (RFC 9110 section 14).</summary>
internal readonly record struct ByteRange(bool IsSatisfiable, long Start, long Length)
{
    private const string Prefix = "bytes=";

    private static readonly ByteRange Unsatisfiable = new(false, 0, 0);

    public long End => Start + Length - 1;

    /// <summary>
    /// Resolves a Range header value. Returns null when the header must be ignored (other unit, bad syntax,
    /// several ranges), so the whole representation is served.
    /// </summary>
    public static ByteRange? Parse(string header, long totalLength)
    {
        var value = header.Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = value[Prefix.Length..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!TryParseNumber(last, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || totalLength == 0)
            {
                return Unsatisfiable;
            }

            var length = Math.Min(suffix, totalLength);
            return new ByteRange(true, totalLength - length, length);
        }

        if (!TryParseNumber(first, out var start))
        {
            return null;
        }

        long? requestedEnd = null;
        if (last.Length > 0)
        {
            if (!TryParseNumber(last, out var end) || end < start)
            {
                return null;
            }

            requestedEnd = end;
        }

        if (start >= totalLength)
        {
            return Unsatisfiable;
        }

        var lastByte = Math.Min(requestedEnd ?? long.MaxValue, totalLength - 1);
        return new ByteRange(true, start, lastByte - start + 1);
    }

    private static bool TryParseNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
