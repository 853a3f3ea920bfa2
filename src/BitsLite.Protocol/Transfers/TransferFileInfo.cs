namespace BitsLite.Protocol.Transfers;

/// <summary>One file of a job, as seen by clients.</summary>
public sealed record TransferFileInfo
{
    /// <summary>Where the bytes come from: an http(s) URL, a file:// URL or an absolute local path.</summary>
    public required string Source { get; init; }

    /// <summary>The absolute local path the file appears at when the job is completed.</summary>
    public required string Destination { get; init; }

    /// <summary>The file's size in bytes, or -1 while unknown (before the first response, or chunked).</summary>
    public long BytesTotal { get; init; } = -1;

    /// <summary>Bytes received so far.</summary>
    public long BytesTransferred { get; init; }

    /// <summary>Whether every byte of this file is on disk.</summary>
    public bool IsTransferred { get; init; }
}
