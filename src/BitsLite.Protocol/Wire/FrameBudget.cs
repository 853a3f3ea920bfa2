using System.Buffers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// How many bytes of frames still arriving all connections may hold together beyond the first
/// <see cref="FrameCodec.ChunkBytes"/> of each. A reader that would pass it waits (reading nothing more, so the kernel
/// holds the sender back) until others finish or are dropped: many connections sending big frames slowly cost the
/// receiver this much memory at most, not their number times the frame limit. The chunks come from a pool of the
/// budget's own, so that memory is taken once and used again, never added to by the next crowd.
/// </summary>
public sealed class FrameBudget : IDisposable
{
    private readonly SemaphoreSlim _chunks;
    private readonly ArrayPool<byte> _pool;

    /// <summary>Creates a budget of <paramref name="maxBytes"/> (rounded up to whole chunks).</summary>
    public FrameBudget(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, FrameCodec.ChunkBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, 1L << 40);
        var chunks = (int)((maxBytes + FrameCodec.ChunkBytes - 1) / FrameCodec.ChunkBytes);
        _chunks = new SemaphoreSlim(chunks, chunks);
        _pool = ArrayPool<byte>.Create(FrameCodec.ChunkBytes, chunks);
        MaxBytes = (long)chunks * FrameCodec.ChunkBytes;
    }

    /// <summary>The budget in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>Bytes not taken right now.</summary>
    public long AvailableBytes => (long)_chunks.CurrentCount * FrameCodec.ChunkBytes;

    /// <summary>Waits for room for one more chunk and returns it.</summary>
    internal async Task<byte[]> TakeChunkAsync(CancellationToken cancellationToken)
    {
        await _chunks.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _pool.Rent(FrameCodec.ChunkBytes);
    }

    internal void ReturnChunk(byte[] chunk)
    {
        _pool.Return(chunk);
        _chunks.Release();
    }

    /// <inheritdoc/>
    public void Dispose() => _chunks.Dispose();
}
