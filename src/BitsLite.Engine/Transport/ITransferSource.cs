namespace BitsLite.Engine.Transport;

/// <summary>A kind of source (HTTP, local file) that can be read from an offset when its validator still matches.</summary>
internal interface ITransferSource
{
    /// <summary>
    /// Opens the source at <paramref name="offset"/> if <paramref name="validator"/> still identifies the same content,
    /// otherwise from the start (the response's offset then is 0). Throws <see cref="TransferFailure"/>.
    /// </summary>
    Task<SourceResponse> OpenAsync(Uri source, long offset, string? validator, IReadOnlyList<string> headers, CancellationToken cancellationToken);
}
