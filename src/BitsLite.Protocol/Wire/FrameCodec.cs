using System.Buffers.Binary;
using System.Text.Json;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Frames on the local socket: a 4-byte big-endian length, then that many bytes of UTF-8 JSON holding
/// one <see cref="Message"/>. A length above the reader's limit is refused before anything is allocated, and below
/// it the body's memory is taken as its bytes arrive (<see cref="ChunkBytes"/> at a time), so a peer that announces
/// a big frame and sends little of it costs little.
/// </summary>
public static class FrameCodec
{
    /// <summary>The largest frame either side accepts (16 MiB), enough for tens of thousands of jobs in one list.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>The pooled pieces a frame's body is read into (64 KiB: small enough to stay off the large object heap).</summary>
    public const int ChunkBytes = 64 * 1024;

    private const int HeaderBytes = 4;

    private static readonly FrameReadLimits DefaultLimits = new();

    /// <summary>Writes one message as one frame and flushes.</summary>
    public static async ValueTask WriteAsync(Stream stream, Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(message);
        using var frame = new PooledBufferWriter(4096);
        frame.Advance(HeaderBytes);   // the length, once it is known
        using (var writer = new Utf8JsonWriter(frame))
        {
            JsonSerializer.Serialize(writer, message, ProtocolJsonContext.Default.Message);
        }

        var length = frame.WrittenCount - HeaderBytes;
        if (length > MaxFrameBytes)
        {
            throw new ProtocolException($"A {message.GetType().Name} of {length:N0} bytes exceeds the frame limit of {MaxFrameBytes:N0} bytes.");
        }

        BinaryPrimitives.WriteInt32BigEndian(frame.WrittenMemory.Span, length);
        await stream.WriteAsync(frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one frame; <see langword="null"/> when the peer closed cleanly between frames.</summary>
    /// <exception cref="ProtocolException">The frame is truncated, oversized, not JSON, or not a known message.</exception>
    public static ValueTask<Message?> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, DefaultLimits, cancellationToken);

    /// <summary>Reads one frame of at most <paramref name="maxFrameBytes"/>; <see langword="null"/> when the peer closed cleanly between frames.</summary>
    /// <exception cref="ProtocolException">The frame is truncated, oversized, not JSON, or not a known message.</exception>
    public static ValueTask<Message?> ReadAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, new FrameReadLimits { MaxFrameBytes = maxFrameBytes }, cancellationToken);

    /// <summary>
    /// Reads one frame within <paramref name="limits"/>; <see langword="null"/> when the peer closed cleanly between
    /// frames. The body's memory is taken in pooled chunks as its bytes arrive, never as the header announces.
    /// </summary>
    /// <exception cref="ProtocolException">
    /// The frame is truncated, oversized, not JSON, or not a known message, or it took longer than the limits' frame timeout.
    /// </exception>
    public static async ValueTask<Message?> ReadAsync(Stream stream, FrameReadLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxFrameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxFrameBytes, MaxFrameBytes);
        var header = new byte[HeaderBytes];

        // Between frames the peer may be silent as long as it likes (a client waiting for events is); the frame's
        // clock starts with its first byte.
        var got = await stream.ReadAsync(header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        using var deadline = limits.FrameTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline?.CancelAfter(limits.FrameTimeout!.Value);
        var token = deadline?.Token ?? cancellationToken;
        FrameBody? body = null;
        try
        {
            got += await ReadFullyAsync(stream, header.AsMemory(got), token).ConfigureAwait(false);
            if (got < HeaderBytes)
            {
                throw new ProtocolException($"The connection ended inside a frame header ({got} of {HeaderBytes} bytes).");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            if (length <= 0 || length > limits.MaxFrameBytes)
            {
                throw new ProtocolException($"A frame length of {length:N0} bytes is outside 1 to {limits.MaxFrameBytes:N0}.");
            }

            body = new FrameBody(length, limits.Budget);
            if (!await body.ReadAsync(stream, token).ConfigureAwait(false))
            {
                throw new ProtocolException($"The connection ended inside a frame ({body.Received:N0} of {length:N0} bytes).");
            }

            return JsonSerializer.Deserialize(body.Span(), ProtocolJsonContext.Default.Message)
                ?? throw new ProtocolException("A frame held JSON null instead of a message.");
        }
        catch (OperationCanceledException ex) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            var progress = body is null ? "" : $" ({body.Received:N0} of {body.Length:N0} bytes)";
            throw new ProtocolException($"A frame did not arrive within {limits.FrameTimeout!.Value.TotalSeconds:0.#} s{progress}.", ex);
        }
        catch (JsonException ex)
        {
            throw new ProtocolException($"A frame is not a valid message: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            // Unknown or missing "type" discriminators land here.
            throw new ProtocolException($"A frame is not a known message: {ex.Message}", ex);
        }
        finally
        {
            body?.Dispose();
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
