using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Frames on the local socket: a 4-byte big-endian length, then that many bytes of UTF-8 JSON holding
/// one <see cref="Message"/>. A length above <see cref="MaxFrameBytes"/> is refused before anything is allocated.
/// </summary>
public static class FrameCodec
{
    /// <summary>The largest frame either side accepts (16 MiB), enough for tens of thousands of jobs in one list.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    private const int HeaderBytes = 4;

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
        ReadAsync(stream, MaxFrameBytes, cancellationToken);

    /// <summary>
    /// Reads one frame of at most <paramref name="maxFrameBytes"/> (a host expects small requests, and the body's
    /// buffer is taken before its bytes arrive); <see langword="null"/> when the peer closed cleanly between frames.
    /// </summary>
    /// <exception cref="ProtocolException">The frame is truncated, oversized, not JSON, or not a known message.</exception>
    public static async ValueTask<Message?> ReadAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameBytes, MaxFrameBytes);
        var header = new byte[HeaderBytes];
        var got = await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < HeaderBytes)
        {
            throw new ProtocolException($"The connection ended inside a frame header ({got} of {HeaderBytes} bytes).");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length <= 0 || length > maxFrameBytes)
        {
            throw new ProtocolException($"A frame length of {length:N0} bytes is outside 1 to {maxFrameBytes:N0}.");
        }

        var body = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            got = await ReadFullyAsync(stream, body.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (got < length)
            {
                throw new ProtocolException($"The connection ended inside a frame ({got:N0} of {length:N0} bytes).");
            }

            return JsonSerializer.Deserialize(body.AsSpan(0, length), ProtocolJsonContext.Default.Message)
                ?? throw new ProtocolException("A frame held JSON null instead of a message.");
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
            ArrayPool<byte>.Shared.Return(body);
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
