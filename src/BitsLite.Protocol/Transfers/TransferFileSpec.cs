namespace BitsLite.Protocol.Transfers;

/// <summary>
/// A file to transfer. Downloads: an http(s) URL, a file:// URL or an absolute local path, to an absolute local path.
/// Uploads: an existing local file (absolute path or file:// URL), to an http(s) URL.
/// </summary>
/// <param name="Source">Where the bytes come from.</param>
/// <param name="Destination">Where the file appears when the job is completed (its directory must exist), or the URL an upload goes to.</param>
public sealed record TransferFileSpec(string Source, string Destination)
{
    /// <summary>
    /// The SHA-256 the downloaded file must have (64 hexadecimal digits), or <see langword="null"/> for none. The job
    /// checks it as the bytes arrive; a file that does not match puts the job in Error and never appears. Downloads only.
    /// </summary>
    public string? ExpectedHash { get; init; }
}
