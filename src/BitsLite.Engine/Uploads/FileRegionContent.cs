using System.Buffers;
using System.Net;
using BitsLite.Engine.LocalFiles;
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

    /// <remarks>Two buffers: the next chunk is read from the file while the current one is written to the connection.</remarks>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Sent = 0;
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(UploadPacer.MaxChunk), ArrayPool<byte>.Shared.Rent(UploadPacer.MaxChunk)];
        Task<int>? reading = null;
        try
        {
            using var file = Open();
            file.Position = _offset;
            var current = 0;
            reading = ReadAsync(file, buffers[current], 0, cancellationToken);
            while (Sent < _length)
            {
                var read = await reading!.ConfigureAwait(false);
                reading = null;
                if (read == 0)
                {
                    throw Local(LocalUploadFile.Changed(_path, $"it ended at {_offset + Sent:N0} bytes"));
                }

                var chunk = buffers[current];
                current ^= 1;
                if (Sent + read < _length)
                {
                    reading = ReadAsync(file, buffers[current], Sent + read, cancellationToken);
                }

                await stream.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                Sent += read;
                await _pacer.SentAsync(_offset + Sent, read, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (reading is not null)
            {
                // A read still under way writes into its buffer: let it end before the buffer goes back to the pool.
                await reading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    /// <summary>Reads the chunk that starts <paramref name="done"/> bytes into the body, as large as the limits allow now.</summary>
    private async Task<int> ReadAsync(FileStream file, byte[] buffer, long done, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(_pacer.ChunkSize(), _length - done);
        try
        {
            return await file.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Local(TransferFailure.Transient(TransferErrorContext.LocalFile, $"Reading '{_path}' failed: {ex.Message}", ex));
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
            return SourceFile.Open(_path);
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
