using System.Buffers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// A frame's body as it arrives: pooled chunks of <see cref="FrameCodec.ChunkBytes"/> taken one at a time, so memory
/// follows the bytes that came, never the length a peer announced; chunks after the first come out of the
/// <see cref="FrameBudget"/> (and its pool), when there is one. The chunks are small enough to stay off the large object heap.
/// </summary>
internal sealed class FrameBody : IDisposable
{
    private readonly List<byte[]> _chunks = [];
    private readonly FrameBudget? _budget;
    private byte[]? _joined;

    public FrameBody(int length, FrameBudget? budget)
    {
        Length = length;
        _budget = budget;
    }

    /// <summary>The length the header announced.</summary>
    public int Length { get; }

    /// <summary>The bytes that arrived so far.</summary>
    public int Received { get; private set; }

    /// <summary>Reads until <see cref="Length"/> bytes arrived; false when the stream ended first.</summary>
    public async ValueTask<bool> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (Received < Length)
        {
            var index = Received / FrameCodec.ChunkBytes;
            var start = index * FrameCodec.ChunkBytes;
            var end = Math.Min(start + FrameCodec.ChunkBytes, Length);
            if (index == _chunks.Count)
            {
                _chunks.Add(index > 0 && _budget is not null
                    ? await _budget.TakeChunkAsync(cancellationToken).ConfigureAwait(false)
                    : ArrayPool<byte>.Shared.Rent(end - start));
            }

            var read = await stream.ReadAsync(_chunks[index].AsMemory(Received - start, end - Received), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            Received += read;
        }

        return true;
    }

    /// <summary>The whole body in one span (joined into one pooled array when it spans several chunks); valid until disposed.</summary>
    public ReadOnlySpan<byte> Span()
    {
        if (_chunks.Count == 1)
        {
            return _chunks[0].AsSpan(0, Length);
        }

        _joined ??= ArrayPool<byte>.Shared.Rent(Length);
        for (var i = 0; i < _chunks.Count; i++)
        {
            var start = i * FrameCodec.ChunkBytes;
            _chunks[i].AsSpan(0, Math.Min(FrameCodec.ChunkBytes, Length - start)).CopyTo(_joined.AsSpan(start));
        }

        return _joined.AsSpan(0, Length);
    }

    public void Dispose()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            if (i > 0 && _budget is not null)
            {
                _budget.ReturnChunk(_chunks[i]);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(_chunks[i]);
            }
        }

        _chunks.Clear();
        if (_joined is not null)
        {
            ArrayPool<byte>.Shared.Return(_joined);
            _joined = null;
        }
    }
}
