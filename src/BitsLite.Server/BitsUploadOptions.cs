using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BitsLite.Server;

/// <summary>
/// Settings of one upload endpoint mapped with
/// <see cref="BitsUploadEndpointRouteBuilderExtensions.MapBitsUploads(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, BitsUploadOptions)"/>.
/// They mirror the BITS server settings of IIS (uploads enabled, session timeout, maximum upload size, allow overwrites,
/// session directory, sessions per user). The endpoint takes a copy when it is mapped; later changes have no effect.
/// </summary>
/// <remarks>
/// The endpoint does not authenticate anyone: the defaults bound what an anonymous client can make it keep (open
/// sessions, their size and idle time, and how slowly a body may arrive). Add authentication with the endpoint's
/// conventions (RequireAuthorization) or a reverse proxy in front. A limit set to <see langword="null"/> is off.
/// </remarks>
public sealed class BitsUploadOptions
{
    /// <summary>The name of the default session directory inside <see cref="UploadDirectory"/>.</summary>
    public const string DefaultSessionFolderName = "BITS-Sessions";

    /// <summary>The default <see cref="MaxUploadSize"/>: 4 GiB.</summary>
    public const long DefaultMaxUploadSize = 4L << 30;

    /// <summary>The default <see cref="MaxSessionsPerClient"/>: 16.</summary>
    public const int DefaultMaxSessionsPerClient = 16;

    /// <summary>The default <see cref="MaxSessions"/>: 1,024.</summary>
    public const int DefaultMaxSessions = 1024;

    /// <summary>The default <see cref="SessionTimeout"/>: 24 hours.</summary>
    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromHours(24);

    /// <summary>The default <see cref="MinRequestBodyDataRate"/>: 240 bytes/s on average after a 30-second grace period.</summary>
    public static readonly MinDataRate DefaultMinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(30));

    /// <summary>
    /// Where finished uploads appear, each under the name the client asked for (the request URL below the pattern, or
    /// for a URL that names no file, the Content-Name of the first fragment). Required; created if missing.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string UploadDirectory { get; set; } = "";

    /// <summary>
    /// Where open sessions keep their bytes, one directory per session named by its id. Default:
    /// <c>BITS-Sessions</c> inside <see cref="UploadDirectory"/>, which keeps the final move a rename on one file system.
    /// </summary>
    public string? SessionDirectory { get; set; }

    /// <summary>
    /// The largest file accepted, in bytes; a larger upload is refused with BG_E_TOO_LARGE (HTTP 413), or 413 for a PUT,
    /// and nothing of it is kept. Default: 4 GiB (<see cref="DefaultMaxUploadSize"/>); <see langword="null"/>: no limit.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long? MaxUploadSize { get; set; } = DefaultMaxUploadSize;

    /// <summary>
    /// How long a session may stay idle (no packet) before it is deleted with everything in it. Default: 24 hours
    /// (<see cref="DefaultSessionTimeout"/>; IIS keeps 14 days). A client keeps its session alive by retrying, which BITS
    /// clients do every 10 minutes by default; one that comes back later finds the session gone (BG_E_SESSION_NOT_FOUND)
    /// and starts a new one from byte 0.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = DefaultSessionTimeout;

    /// <summary>
    /// How often expired sessions are looked for and deleted (besides the check every packet makes). Default: one hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether an upload may replace a file that already exists. Default: <see langword="false"/>: such an upload is refused
    /// with E_ACCESSDENIED (HTTP 403), or HTTP 409 for a plain PUT.
    /// </summary>
    public bool AllowOverwrite { get; set; }

    /// <summary>
    /// The most sessions one client (see <see cref="ClientKeySelector"/>) may have open at once; one more Create-Session is
    /// refused with HTTP 503 and HRESULT_FROM_WIN32(ERROR_TOO_MANY_SESS), which BITS clients retry later, and nothing is
    /// created. Default: 16 (<see cref="DefaultMaxSessionsPerClient"/>; IIS allows 50 per user); <see langword="null"/>: no
    /// limit. Behind a reverse proxy every client has the proxy's address unless the forwarded-headers middleware sets it.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int? MaxSessionsPerClient { get; set; } = DefaultMaxSessionsPerClient;

    /// <summary>
    /// The most sessions open at once, all clients together; one more Create-Session is refused as for
    /// <see cref="MaxSessionsPerClient"/>. Default: 1,024 (<see cref="DefaultMaxSessions"/>); <see langword="null"/>: no limit.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int? MaxSessions { get; set; } = DefaultMaxSessions;

    /// <summary>
    /// The slowest a Fragment or PUT body may arrive over HTTP/1.x: after the grace period the average rate must stay at
    /// least this, or Kestrel stops reading and the client gets 408 (a BITS client retries, from the bytes that arrived).
    /// HTTP/2 and HTTP/3 allow no rate per request: the server's <c>KestrelServerLimits.MinRequestBodyDataRate</c> applies
    /// to their connections. Default: 240 bytes/s after 30 s (<see cref="DefaultMinRequestBodyDataRate"/>: Kestrel's own
    /// rate, just under the lowest Windows' BITS bandwidth policy throttles to, about 2 kbit/s, with a longer grace period
    /// for clients that pace themselves); <see langword="null"/>: no minimum.
    /// </summary>
    public MinDataRate? MinRequestBodyDataRate { get; set; } = DefaultMinRequestBodyDataRate;

    /// <summary>
    /// Names the client a request comes from, for <see cref="MaxSessionsPerClient"/> and the log. Default: the
    /// authenticated user name, or else the remote IP address.
    /// </summary>
    public Func<HttpContext, string>? ClientKeySelector { get; set; }

    /// <summary>
    /// Whether a plain HTTP PUT of the whole file to the same URL is accepted too (the fallback of clients for servers
    /// without the BITS protocol). Default: <see langword="true"/>.
    /// </summary>
    public bool AllowPut { get; set; } = true;

    /// <summary>
    /// Makes this an upload-reply endpoint: called once the last byte of a BITS upload is on disk (before Close-Session),
    /// with the complete file; what it returns is served at the URL the last fragment's Ack names in BITS-Reply-URL, until
    /// the session is closed or expires. An exception becomes a 500 Ack with the remote-application error context, and the
    /// client's retry of the last fragment calls it again. Default: none (plain upload endpoint).
    /// </summary>
    public Func<UploadedFile, CancellationToken, Task<UploadReply>>? ReplyFactory { get; set; }

    /// <summary>
    /// Called after a file has been placed in <see cref="UploadDirectory"/> (by Close-Session or PUT). Exceptions are logged
    /// and otherwise ignored: the upload has succeeded by then. Default: none.
    /// </summary>
    public Func<UploadedFile, CancellationToken, Task>? UploadCompleted { get; set; }

    /// <summary>
    /// The clock for session expiry and the clean-up timer. Default: the application's <see cref="System.TimeProvider"/>
    /// service if there is one, or else <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }
}
