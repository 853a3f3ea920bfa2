using System.Globalization;
using System.Net.Http.Headers;

namespace BitsLite.Engine.Uploads;

/// <summary>What one Ack said: the HTTP status and the BITS headers the client acts on.</summary>
internal sealed record BitsAck
{
    public required int Status { get; init; }

    public string? ReasonPhrase { get; init; }

    /// <summary>The BITS-Packet-Type of the answer; a BITS server always says Ack.</summary>
    public string? PacketType { get; init; }

    public string? Protocol { get; init; }

    public string? SessionId { get; init; }

    public string? HostId { get; init; }

    public TimeSpan? HostIdFallbackTimeout { get; init; }

    /// <summary>The next byte the server expects (BITS-Received-Content-Range), if it said.</summary>
    public long? ReceivedRange { get; init; }

    public string? ReplyUrl { get; init; }

    /// <summary>BITS-Error-Code: the server's HRESULT, if it gave one.</summary>
    public uint? ErrorCode { get; init; }

    /// <summary>BITS-Error-Context: 5 for the server itself, 7 for the application behind it.</summary>
    public int? ErrorContext { get; init; }

    /// <summary>A Retry-After on an error answer, as a delay.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsSessionNotFound => ErrorCode == BitsPackets.SessionNotFound;

    /// <summary>The error code and context as people look them up, e.g. "BITS-Error-Code 0x8020001F, context 0x5".</summary>
    public string? DescribeError() => ErrorCode is { } code
        ? string.Create(CultureInfo.InvariantCulture, $"BITS-Error-Code 0x{code:X8}{(ErrorContext is { } context ? $", context 0x{context:X}" : "")}")
        : null;

    public static BitsAck Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var headers = response.Headers;
        return new BitsAck
        {
            Status = (int)response.StatusCode,
            ReasonPhrase = response.ReasonPhrase,
            PacketType = One(headers, BitsPackets.PacketType),
            Protocol = One(headers, BitsPackets.Protocol),
            SessionId = One(headers, BitsPackets.SessionId),
            HostId = One(headers, BitsPackets.HostId),
            HostIdFallbackTimeout = ParseSeconds(One(headers, BitsPackets.HostIdFallbackTimeout)),
            ReceivedRange = ParseNextOffset(One(headers, BitsPackets.ReceivedContentRange)),
            ReplyUrl = One(headers, BitsPackets.ReplyUrl),
            ErrorCode = ParseHex(One(headers, BitsPackets.ErrorCode) ?? One(headers, BitsPackets.Error)),
            ErrorContext = (int?)ParseHex(One(headers, BitsPackets.ErrorContext)),
            RetryAfter = headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
                _ => null,
            },
        };
    }

    /// <summary>
    /// The documented form is the next expected offset ("213"); a range of received bytes ("0-212") is read as the
    /// offset after it.
    /// </summary>
    internal static long? ParseNextOffset(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..].Trim(' ', '=');
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last < long.MaxValue ? last + 1 : null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var next) ? next : null;
    }

    /// <summary>Hexadecimal with or without "0x"; a negative decimal HRESULT is accepted too.</summary>
    internal static uint? ParseHex(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith('-') && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var negative))
        {
            return unchecked((uint)negative);
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private static TimeSpan? ParseSeconds(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < uint.MaxValue
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string? One(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
