using System.Buffers;
using System.Security.Cryptography;

namespace BitsLite.Engine.Verification;

/// <summary>
/// A response body that adds every byte read from it to a hash, in order, so the hash is computed as the bytes arrive
/// rather than in a second pass over the file. The hashing runs beside the transfer, on another thread: the bytes read
/// are copied into batches of 1 MiB (a memory copy costs a fraction of hashing them; a socket read is often much
/// smaller, and each batch is one hand-over to another thread), each hashed while the copy loop writes and reads on, at
/// most <see cref="MaxPending"/> batches behind. Read-only and forward-only; disposing it disposes the body and waits
/// for the hashing under way.
/// </summary>
/// <remarks>
/// A byte read but not written (an attempt that fails between the two) leaves the hash ahead of the file, which is
/// harmless: each attempt starts a new hash from the bytes on disk (<see cref="FileVerifier"/>).
/// </remarks>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : Stream
{
    private const int BatchSize = 1024 * 1024;

    // Batches that may wait to be hashed: bounds the memory and how far hashing may lag behind the transfer.
    private const int MaxPending = 4;

    private readonly Queue<Task> _pending = new();
    private Task _hashed = Task.CompletedTask;
    private byte[]? _batch;
    private int _filled;

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
    public Task HashedAsync()
    {
        Dispatch();
        return _hashed;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

        // The caller reuses its buffer for the next read: the hash gets a copy of its own.
        for (var done = 0; done < read;)
        {
            if (_batch is null)
            {
                while (_pending.Count >= MaxPending)
                {
                    await _pending.Dequeue().ConfigureAwait(false);
                }

                (_batch, _filled) = (ArrayPool<byte>.Shared.Rent(BatchSize), 0);
            }

            var take = Math.Min(read - done, BatchSize - _filled);
            buffer.Span.Slice(done, take).CopyTo(_batch.AsSpan(_filled));
            (done, _filled) = (done + take, _filled + take);
            if (_filled == BatchSize)
            {
                Dispatch();
            }
        }

        if (read == 0)
        {
            Dispatch();
        }

        return read;
    }

    /// <summary>Hands the batch being filled to the hashing, after the batches before it.</summary>
    private void Dispatch()
    {
        if (_batch is not { } batch)
        {
            return;
        }

        var length = _filled;
        (_batch, _filled) = (null, 0);
        _hashed = _hashed.ContinueWith(
            _ =>
            {
                try
                {
                    hash.AppendData(batch, 0, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(batch);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        _pending.Enqueue(_hashed);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        HashedAsync().GetAwaiter().GetResult();
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
            if (_batch is { } batch)
            {
                ArrayPool<byte>.Shared.Return(batch);
                _batch = null;
            }
        }

        base.Dispose(disposing);
    }
}
