namespace BitsLite.Testing.FaultServing;

/// <summary>
/// One request as the <see cref="FaultServer"/> saw it. It is recorded before the response body
/// starts, so it is available even when the connection is dropped afterwards.
/// </summary>
/// <param name="Method">The request method, e.g. GET or HEAD.</param>
/// <param name="Path">The request path without the query string, e.g. "/a.bin".</param>
/// <param name="Host">The Host header, e.g. "127.0.0.1:5000" or "localhost:5000".</param>
/// <param name="Range">The Range header, if any.</param>
/// <param name="IfRange">The If-Range header, if any.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Headers">All request headers (case-insensitive names; repeated values joined with ", ").</param>
/// <param name="StatusCode">The status code the server answered (or decided to answer).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Host,
    string? Range,
    string? IfRange,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    int StatusCode)
{
    /// <summary>
    /// The request target exactly as sent: "/a.bin" normally, "http://host:port/a.bin" (absolute form) when the
    /// client took this server for a forward proxy.
    /// </summary>
    public string RawTarget { get; init; } = "";

    /// <summary>When the request arrived, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long ReceivedAt { get; init; }

    /// <summary>Whether the request came in absolute form, as requests to a proxy do.</summary>
    public bool IsAbsoluteForm =>
        RawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || RawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Proxy-Authorization header, if any.</summary>
    public string? ProxyAuthorization => Headers.TryGetValue("Proxy-Authorization", out var value) ? value : null;
}
