namespace BitsLite.Testing.FaultServing;

/// <summary>
/// Faults to inject for one resource of a <see cref="FaultServer"/>. Everything is optional.
/// "The first N requests" always counts requests to that resource's path since it was last served.
/// Precedence per request: <see cref="FailStatus"/>, then <see cref="RedirectTo"/>, then the content.
/// </summary>
public sealed class FaultPlan
{
    /// <summary>Status code (400-599) answered to the first <see cref="FailTimes"/> requests, e.g. 503 or 429.</summary>
    public int? FailStatus { get; init; }

    /// <summary>How many of the first requests get <see cref="FailStatus"/>; later requests are served normally.</summary>
    public int FailTimes { get; init; } = int.MaxValue;

    /// <summary>
    /// The reason phrase of the status line sent with <see cref="FailStatus"/>, as given (control characters included:
    /// Kestrel sends them, as a hostile server would); <see langword="null"/> for the standard one.
    /// </summary>
    public string? FailReason { get; init; }

    /// <summary>Retry-After header value sent with <see cref="FailStatus"/>, e.g. "1".</summary>
    public string? RetryAfter { get; init; }

    /// <summary>
    /// Ends the connection after this many body bytes have been sent (and flushed), so the client sees a
    /// premature end of the body. Applies to the first <see cref="DropTimes"/> GET responses with a body
    /// (200 or 206); a body no longer than this is sent whole.
    /// </summary>
    public long? DropAfterBytes { get; init; }

    /// <summary>How many body-bearing GET responses are dropped (see <see cref="DropAfterBytes"/>).</summary>
    public int DropTimes { get; init; } = 1;

    /// <summary>
    /// Drop (see <see cref="DropAfterBytes"/>) with a reset (RST) instead of an orderly close, as a crashed server or a
    /// middlebox ends a connection: the client's next read fails, and bytes still in flight may be lost with it.
    /// </summary>
    public bool DropWithReset { get; init; }

    /// <summary>Always answer 200 with the whole body and no Accept-Ranges header.</summary>
    public bool IgnoreRange { get; init; }

    /// <summary>
    /// After this many requests to the path, serve <see cref="ChangedContent"/> with a new ETag and Last-Modified
    /// (request number N + 1 is the first one to see the new content).
    /// </summary>
    public int? ChangeContentAfterRequests { get; init; }

    /// <summary>The content served once <see cref="ChangeContentAfterRequests"/> requests have been made.</summary>
#pragma warning disable CA1819 // A plain array keeps test set-up short; the server copies it.
    public byte[]? ChangedContent { get; init; }
#pragma warning restore CA1819

    /// <summary>Paces the body to about this many bytes per second.</summary>
    public long? BytesPerSecond { get; init; }

    /// <summary>
    /// Declared Content-Length = actual body length + delta. With a positive delta the whole actual body is sent
    /// and then the connection is ended, so the client's read fails; with a negative delta only the declared
    /// number of bytes is sent.
    /// </summary>
    public long DeclaredLengthDelta { get; init; }

    /// <summary>Send no Content-Length (chunked transfer encoding).</summary>
    public bool Chunked { get; init; }

    /// <summary>Send no ETag and no Last-Modified (If-Range then never matches).</summary>
    public bool NoValidators { get; init; }

    /// <summary>
    /// Answer <see cref="RedirectStatus"/> with Location = this value (absolute URL or path).
    /// A path that redirects to itself makes a loop.
    /// </summary>
    public string? RedirectTo { get; init; }

    /// <summary>The redirect status code (300-399) used with <see cref="RedirectTo"/>.</summary>
    public int RedirectStatus { get; init; } = 302;

    /// <summary>
    /// After this many body bytes of the first GET response with a body (200 or 206), flush and wait until
    /// <see cref="Gate"/> is released or aborted. Requires <see cref="Gate"/>.
    /// A value beyond the body length holds the response after the last byte, before it completes.
    /// </summary>
    public long? PauseAfterBytes { get; init; }

    /// <summary>The gate used with <see cref="PauseAfterBytes"/>.</summary>
    public ResponseGate? Gate { get; init; }

    /// <summary>
    /// Answer 401 with <c>WWW-Authenticate: Basic realm="…"</c> to every request without exactly these Basic
    /// credentials. Checked before everything else; such requests do not count as requests of the other faults.
    /// </summary>
    public BasicCredential? RequireBasic { get; init; }

    /// <summary>
    /// Headers sent as given with every response that is about the content (200, 206 and 416), e.g. a server's
    /// <c>Repr-Digest</c>; <see cref="DigestHeaders"/> makes the usual ones.
    /// </summary>
    public IReadOnlyDictionary<string, string> ContentHeaders { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        const string Param = "plan";
        if (FailStatus is < 400 or > 599)
        {
            throw new ArgumentException("FailStatus must be between 400 and 599.", Param);
        }

        if (FailTimes < 0 || DropTimes < 0)
        {
            throw new ArgumentException("FailTimes and DropTimes must not be negative.", Param);
        }

        if (DropAfterBytes < 0 || PauseAfterBytes < 0)
        {
            throw new ArgumentException("DropAfterBytes and PauseAfterBytes must not be negative.", Param);
        }

        if (BytesPerSecond <= 0)
        {
            throw new ArgumentException("BytesPerSecond must be positive.", Param);
        }

        if (ChangeContentAfterRequests is not null && ChangedContent is null)
        {
            throw new ArgumentException("ChangeContentAfterRequests requires ChangedContent.", Param);
        }

        if (ChangeContentAfterRequests < 0)
        {
            throw new ArgumentException("ChangeContentAfterRequests must not be negative.", Param);
        }

        if (RedirectStatus is < 300 or > 399)
        {
            throw new ArgumentException("RedirectStatus must be between 300 and 399.", Param);
        }

        if (DropWithReset && DropAfterBytes is null)
        {
            throw new ArgumentException("DropWithReset requires DropAfterBytes.", Param);
        }

        if (PauseAfterBytes is not null && Gate is null)
        {
            throw new ArgumentException("PauseAfterBytes requires a Gate.", Param);
        }

        if (Chunked && DeclaredLengthDelta != 0)
        {
            throw new ArgumentException("DeclaredLengthDelta cannot be combined with Chunked.", Param);
        }
    }
}
