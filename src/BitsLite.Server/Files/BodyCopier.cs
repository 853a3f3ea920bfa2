using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Server.Files;

/// <summary>
/// Streams a request body into a file at an offset straight from the server's receive buffers: whatever has arrived is
/// written with one gathering write (pwritev) and released, so the body is never held in memory and never copied into
/// a buffer of ours. While one write runs, the next data collects, so writes grow with the rate. Reports progress after
/// every write, so an interrupted body keeps what arrived.
/// </summary>
internal static class BodyCopier
{
    /// <summary>
    /// Reads <c>skip</c> bytes of <c>body</c> and drops them, then writes up to <c>count</c> bytes to <c>file</c> from
    /// <c>fileOffset</c> on, and returns how many it wrote. More than <c>limit</c> bytes to write throws
    /// <see cref="BodyTooLargeException"/> before the write; <c>written</c> is called with the running total after each write.
    /// </summary>
    public static async Task<long> CopyAsync(
        PipeReader body,
        SafeFileHandle file,
        long skip,
        long fileOffset,
        long count,
        long limit,
        Action<long> written,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(written);
        var segments = new List<ReadOnlyMemory<byte>>();
        long total = 0;
        while (total < count)
        {
            var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (skip > 0)
            {
                var dropped = Math.Min(skip, buffer.Length);
                buffer = buffer.Slice(dropped);
                skip -= dropped;
            }

            if (buffer.Length > count - total)
            {
                buffer = buffer.Slice(0, count - total);
            }

            if (!buffer.IsEmpty)
            {
                if (total + buffer.Length > limit)
                {
                    body.AdvanceTo(buffer.Start);
                    throw new BodyTooLargeException();
                }

                segments.Clear();
                foreach (var segment in buffer)
                {
                    if (!segment.IsEmpty)
                    {
                        segments.Add(segment);
                    }
                }

                try
                {
                    await RandomAccess.WriteAsync(file, segments, fileOffset + total, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    body.AdvanceTo(buffer.Start);
                    throw;
                }

                total += buffer.Length;
                written(total);
            }

            body.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        return total;
    }
}
