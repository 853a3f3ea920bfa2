namespace BitsLite.Testing.UploadServing;

/// <summary>One request as the <see cref="BitsTestServer"/> saw it (recorded when it was answered or dropped).</summary>
/// <param name="Method">BITS_POST, PUT or GET.</param>
/// <param name="Path">The request path.</param>
/// <param name="Host">The Host header.</param>
/// <param name="Packet">BITS-Packet-Type, if any.</param>
/// <param name="SessionId">BITS-Session-Id, if any.</param>
/// <param name="ContentRange">Content-Range, if any.</param>
/// <param name="ContentName">Content-Name, if any.</param>
/// <param name="ContentLength">Content-Length, if any.</param>
/// <param name="Headers">Every request header (names case-insensitive).</param>
/// <param name="Status">The status answered, or 0 when the connection was dropped.</param>
public sealed record UploadRequest(
    string Method,
    string Path,
    string Host,
    string? Packet,
    string? SessionId,
    string? ContentRange,
    string? ContentName,
    long? ContentLength,
    IReadOnlyDictionary<string, string> Headers,
    int Status)
{
    /// <summary>The first byte of a fragment's range, or -1.</summary>
    public long RangeStart => ContentRange is { } range && range.StartsWith("bytes ", StringComparison.Ordinal)
        ? long.Parse(range.AsSpan(6, range.IndexOf('-', StringComparison.Ordinal) - 6), System.Globalization.CultureInfo.InvariantCulture)
        : -1;

    /// <summary>Whether this is a BITS packet of the given type.</summary>
    public bool Is(string packet) => string.Equals(Packet, packet, StringComparison.OrdinalIgnoreCase);
}
