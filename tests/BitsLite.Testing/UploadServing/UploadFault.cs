namespace BitsLite.Testing.UploadServing;

/// <summary>What the <see cref="BitsTestServer"/> does to a request a fault matches, instead of (or on top of) its normal answer.</summary>
public enum UploadFaultKind
{
    /// <summary>Answers with <see cref="UploadFault.Status"/> (and the BITS error headers given) without acting on the request.</summary>
    Status,

    /// <summary>Reads <see cref="UploadFault.Bytes"/> bytes of the body (keeping them, as a server does), then drops the connection.</summary>
    DropAfterBytes,

    /// <summary>Takes the whole request as normal, then drops the connection instead of answering.</summary>
    DropAnswer,

    /// <summary>Reads <see cref="UploadFault.Bytes"/> bytes of the body (keeping them), then waits on <see cref="UploadFault.Hold"/>.</summary>
    Hold,
}

/// <summary>
/// A one-time fault for the next request of one packet type ("Fragment", "Create-Session", …, "PUT", or "GET" for a
/// reply, which takes <see cref="UploadFaultKind.Hold"/> only: after <see cref="Bytes"/> bytes of the reply).
/// </summary>
public sealed record UploadFault
{
    /// <summary>The BITS packet type (compared case-insensitively), "PUT" for plain uploads, or "GET" for replies.</summary>
    public required string Packet { get; init; }

    public UploadFaultKind Kind { get; init; }

    public int Status { get; init; } = 503;

    /// <summary>BITS-Error-Code to send with a <see cref="UploadFaultKind.Status"/> answer.</summary>
    public uint? ErrorCode { get; init; }

    /// <summary>BITS-Error-Context to send with a <see cref="UploadFaultKind.Status"/> answer.</summary>
    public int? ErrorContext { get; init; }

    /// <summary>Retry-After (seconds) to send with a <see cref="UploadFaultKind.Status"/> answer.</summary>
    public int? RetryAfterSeconds { get; init; }

    public long Bytes { get; init; }

    public UploadHold? Hold { get; init; }

    /// <summary>Only requests whose body starts at or after this offset match (fragments; 0 for any).</summary>
    public long FromOffset { get; init; }
}
