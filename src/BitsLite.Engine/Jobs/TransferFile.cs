using BitsLite.Engine.LocalFiles;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>One file of a job, with the facts needed to resume it. Guarded by its job's lock.</summary>
internal sealed class TransferFile
{
    public required int Index { get; init; }

    public required string Source { get; init; }

    public required string Destination { get; init; }

    /// <summary>
    /// The hidden temporary file beside <see cref="Destination"/> that receives the bytes (empty for an upload). It
    /// changes when the file there is refused as not BitsLite's (see <see cref="PartFile"/>).
    /// </summary>
    public required string TempPath { get; set; }

    /// <summary>The temporary file's identity, recorded when it was created; <see langword="null"/> until then, or where the system cannot tell it.</summary>
    public PartFileIdentity? TempIdentity { get; set; }

    /// <summary>-1 while unknown.</summary>
    public long BytesTotal { get; set; } = -1;

    /// <summary>Bytes written to the temporary file (in memory; may be ahead of the checkpoint).</summary>
    public long BytesTransferred { get; set; }

    /// <summary>Bytes known to be on disk, as last saved to the store.</summary>
    public long CheckpointedBytes { get; set; }

    /// <summary>The furthest this file has got; bytes fetched again after a restart are not progress.</summary>
    public long HighWater { get; set; }

    /// <summary>The ETag or Last-Modified (or, for local files, size and time) of the first response, for If-Range.</summary>
    public string? Validator { get; set; }

    public bool IsTransferred { get; set; }

    /// <summary>The SHA-256 the file must have (lower-case hexadecimal), or <see langword="null"/>.</summary>
    public string? ExpectedHash { get; init; }

    /// <summary>The file's SHA-256 once it matched what it was checked against (see <see cref="Verification.FileVerifier"/>).</summary>
    public string? VerifiedHash { get; set; }

    /// <summary>The segments of a file fetched over several connections, each with its checkpoint, as on record; <see langword="null"/> for one stream.</summary>
    public Running.Segments.FileSegments? Segments { get; set; }

    /// <summary>All bytes received and their fsync under way (in memory only): not to be fetched again meanwhile.</summary>
    public bool Finishing { get; set; }

    public TransferFileInfo ToInfo() => new()
    {
        Source = Source,
        Destination = Destination,
        BytesTotal = BytesTotal,
        BytesTransferred = BytesTransferred,
        IsTransferred = IsTransferred,
        ExpectedHash = ExpectedHash,
        VerifiedHash = VerifiedHash,
    };
}
