namespace BitsLite.Protocol.Transfers;

/// <summary>One file of a job, as seen by clients.</summary>
/// <remarks>
/// Properties with a default are settable rather than init-only: the JSON source generator sets every init-only
/// property, so a message that left one out would get null or 0 instead of the default. Null lists and strings read as empty.
/// </remarks>
public sealed record TransferFileInfo
{
    /// <summary>
    /// Where the bytes come from: an http(s) URL, a file:// URL or an absolute local path; for uploads, the local file.
    /// </summary>
    public required string Source { get; init; }

    /// <summary>
    /// The absolute local path the file appears at when the job is completed; for uploads, the http(s) URL it goes to.
    /// </summary>
    public required string Destination { get; init; }

    /// <summary>The file's size in bytes, or -1 while unknown (before the first response, or chunked).</summary>
    public long BytesTotal { get; set; } = -1;

    /// <summary>Bytes received so far (for uploads: sent, of which the server acknowledged at least all but the fragment in flight).</summary>
    public long BytesTransferred { get; init; }

    /// <summary>Whether every byte of this file is on disk.</summary>
    public bool IsTransferred { get; init; }

    /// <summary>The SHA-256 this file must have (lower-case hexadecimal), or <see langword="null"/> when none was given.</summary>
    public string? ExpectedHash { get; init; }

    /// <summary>
    /// The file's SHA-256 (lower-case hexadecimal) once it was checked against <see cref="ExpectedHash"/> or a digest the
    /// server sent, and matched; <see langword="null"/> until then, or when there was nothing to check it against.
    /// </summary>
    public string? VerifiedHash { get; init; }
}
