using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace BitsLite.Server;

/// <summary>
/// Settings of one upload endpoint mapped with
/// <see cref="BitsUploadEndpointRouteBuilderExtensions.MapBitsUploads(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, BitsUploadOptions)"/>.
/// They mirror the BITS server settings of IIS (uploads enabled, session timeout, maximum upload size, allow overwrites,
/// session directory, sessions per user). The endpoint takes a copy when it is mapped; later changes have no effect.
/// </summary>
public sealed class BitsUploadOptions
{
    /// <summary>The name of the default session directory inside <see cref="UploadDirectory"/>.</summary>
    public const string DefaultSessionFolderName = "BITS-Sessions";

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
    /// The largest file accepted, in bytes; a larger upload is refused with BG_E_TOO_LARGE (HTTP 413) and nothing of it is
    /// kept. Default: no limit.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long? MaxUploadSize { get; set; }

    /// <summary>
    /// How long a session may stay idle (no packet) before it is deleted with everything in it. Default: 14 days, as in IIS.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromDays(14);

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
    /// The most sessions one client (see <see cref="ClientKeySelector"/>) may have open at once; one more is refused with
    /// HTTP 503. Default: no limit (IIS allows 50 per user).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int? MaxSessionsPerClient { get; set; }

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
