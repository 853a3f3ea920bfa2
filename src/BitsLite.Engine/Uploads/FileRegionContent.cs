using System.Buffers;
using System.Net;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// A request body read from part of a local file, chunk by chunk as the bandwidth limits allow. It reads the file
/// afresh each time it is sent (an authentication round or a proxy fail-over sends a request again).
/// </summary>
internal sealed class FileRegionContent : HttpContent
{
    private readonly string _path;
    private readonly long _offset;
    private readonly long _length;
    private readonly UploadPacer _pacer;

    /// <param name="path">The local file.</param>
    /// <param name="offset">Where the body starts in the file.</param>
    /// <param name="length">How many bytes it has.</param>
    /// <param name="pacer">Sizes the reads and is told of each chunk sent (progress, limits, stall watch).</param>
    public FileRegionContent(string path, long offset, long length, UploadPacer pacer)
    {
        _path = path;
        _offset = offset;
        _length = length;
        _pacer = pacer;
        Headers.ContentLength = length;
    }

    /// <summary>
    /// Why reading the local file failed, if it did: HttpClient wraps whatever the body throws, so the uploader looks
    /// here first to tell a local failure (a changed or unreadable file) from a network one.
    /// </summary>
    public TransferFailure? LocalFailure { get; private set; }

    /// <summary>Bytes handed to the connection by the latest send.</summary>
    public long Sent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Sent = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(UploadPacer.MaxChunk);
        try
        {
            using var file = Open();
            file.Position = _offset;
            while (Sent < _length)
            {
                var want = (int)Math.Min(_pacer.ChunkSize(), _length - Sent);
                int read;
                try
                {
                    read = await file.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw Local(TransferFailure.Transient(TransferErrorContext.LocalFile, $"Reading '{_path}' failed: {ex.Message}", ex));
                }

                if (read == 0)
                {
                    throw Local(LocalUploadFile.Changed(_path, $"it ended at {_offset + Sent:N0} bytes"));
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                Sent += read;
                await _pacer.SentAsync(_offset + Sent, read, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    private FileStream Open()
    {
        try
        {
            return new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Local(LocalUploadFile.Unreadable(_path, ex));
        }
    }

    private TransferFailure Local(TransferFailure failure)
    {
        LocalFailure = failure;
        return failure;
    }
}
