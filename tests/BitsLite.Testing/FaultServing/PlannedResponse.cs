namespace BitsLite.Testing.FaultServing;

/// <summary>What the <see cref="FaultServer"/> decided to answer to one request, before anything is written.</summary>
internal sealed class PlannedResponse
{
    public required int StatusCode { get; init; }

    public string? RetryAfter { get; init; }

    /// <summary>A reason phrase other than the standard one.</summary>
    public string? ReasonPhrase { get; init; }

    public string? Location { get; init; }

    public string? Allow { get; init; }

    public string? WwwAuthenticate { get; init; }

    public string? ProxyAuthenticate { get; init; }

    /// <summary>The representation the response is about; null for a bare status response without body.</summary>
    public ResourceVersion? Version { get; init; }

    public bool AdvertiseRanges { get; init; }

    public bool IncludeValidators { get; init; }

    /// <summary>True for GET responses that carry body bytes (200 or 206); false for HEAD.</summary>
    public bool WriteBody { get; init; }

    /// <summary>Offset of the body within <see cref="Version"/>.</summary>
    public long Start { get; init; }

    /// <summary>Actual number of body bytes available from <see cref="Start"/>.</summary>
    public long Length { get; init; }

    public bool Chunked { get; init; }

    public long DeclaredLengthDelta { get; init; }

    public long? DropAfterBytes { get; init; }

    /// <summary>End a dropped response with a reset rather than an orderly close.</summary>
    public bool DropWithReset { get; init; }

    public long? BytesPerSecond { get; init; }

    public ResponseGate? Gate { get; init; }

    public long PauseAfterBytes { get; init; }

    /// <summary>Headers sent with a response about the content (see <see cref="FaultPlan.ContentHeaders"/>).</summary>
    public IReadOnlyDictionary<string, string> ContentHeaders { get; init; } = new Dictionary<string, string>();

    public static PlannedResponse Bare(int statusCode) => new() { StatusCode = statusCode };
}
