using System.Buffers;
using System.Security.Cryptography;

namespace BitsLite.Engine.Verification;

/// <summary>
/// A response body that adds every byte read from it to a hash, in order, so the hash is computed as the bytes arrive
/// rather than in a second pass over the file. The hashing runs beside the transfer, on another thread: each read's
/// bytes are copied (a memory copy costs a fraction of hashing them) and hashed while the copy loop writes them and
/// reads the next, at most <see cref="MaxPending"/> reads behind. Read-only and forward-only; disposing it disposes
/// the body and waits for the hashing under way.
/// </summary>
/// <remarks>
/// A byte read but not written (an attempt that fails between the two) leaves the hash ahead of the file, which is
/// harmless: each attempt starts a new hash from the bytes on disk (<see cref="FileVerifier"/>).
/// </remarks>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : Stream
{
    // Reads whose bytes may wait to be hashed: bounds the memory (a read is at most 1 MiB) and how far hashing may lag.
    private const int MaxPending = 4;

    private readonly Queue<Task> _pending = new();
    private Task _hashed = Task.CompletedTask;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Completes once every byte read so far is in the hash.</summary>
    public Task HashedAsync() => _hashed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return 0;
        }

        // The caller reuses its buffer for the next read: the hash gets a copy of its own.
        var copy = ArrayPool<byte>.Shared.Rent(read);
        buffer.Span[..read].CopyTo(copy);
        while (_pending.Count >= MaxPending)
        {
            await _pending.Dequeue().ConfigureAwait(false);
        }

        // Each runs after the one before, so the bytes go into the hash in the order they were read.
        _hashed = _hashed.ContinueWith(
            _ =>
            {
                try
                {
                    hash.AppendData(copy, 0, read);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        _pending.Enqueue(_hashed);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _hashed.GetAwaiter().GetResult();
        var read = inner.Read(buffer);
        hash.AppendData(buffer[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();

            // The hash is disposed after this stream: nothing may still be adding to it then.
            ((IAsyncResult)_hashed).AsyncWaitHandle.WaitOne();
        }

        base.Dispose(disposing);
    }
}
