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
    public Stream Body { get; }

    /// <summary>Where the body starts in the file: the requested offset when resuming, 0 when the source starts over.</summary>
    public long Offset { get; }

    /// <summary>The whole file's length, when known.</summary>
    public long? Length { get; }

    /// <summary>What identifies this version of the file for a later resume, if anything does.</summary>
    public string? Validator { get; }

    public void Dispose()
    {
        Body.Dispose();
        _owner?.Dispose();
    }
}
