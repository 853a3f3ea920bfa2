using BitsLite.Engine.Verification;

namespace BitsLite.Engine.Transport;

/// <summary>An open source: the body from <see cref="Offset"/> on, and what is known of the whole file.</summary>
internal sealed class SourceResponse : IDisposable
{
    private readonly IDisposable? _owner;

    public SourceResponse(Stream body, long offset, long? length, string? validator, IDisposable? owner = null)
    {
        Body = body;
        Offset = offset;
        Length = length;
        Validator = validator;
        _owner = owner;
    }

    /// <summary>The bytes from <see cref="Offset"/> on.</summary>
    public Stream Body { get; private set; }

    /// <summary>Where the body starts in the file: the requested offset when resuming, 0 when the source starts over.</summary>
    public long Offset { get; }

    /// <summary>The whole file's length, when known.</summary>
    public long? Length { get; }

    /// <summary>What identifies this version of the file for a later resume, if anything does.</summary>
    public string? Validator { get; }

    /// <summary>The SHA-256 digests of the whole file that the server sent (<see cref="ServerDigests"/>).</summary>
    public IReadOnlyList<ServerDigest> Digests { get; init; } = [];

    /// <summary>Puts a stream around the body (which it must dispose), e.g. one that hashes what is read.</summary>
    public void WrapBody(Func<Stream, Stream> wrap) => Body = wrap(Body);

    public void Dispose()
    {
        Body.Dispose();
        _owner?.Dispose();
    }
}
