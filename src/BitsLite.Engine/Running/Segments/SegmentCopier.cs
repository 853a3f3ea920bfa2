using System.Buffers;
using Microsoft.Win32.SafeHandles;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Running.Segments;

/// <summary>
/// Copies one connection's body into its place in the temporary file (positioned writes, so connections never share a
/// file position), paying the job's limits: every connection pays into the same buckets, so a limit holds the sum.
/// </summary>
internal sealed class SegmentCopier
{
    private const int BufferSize = 1024 * 1024;
    private const int MinChunk = 4 * 1024;

    private readonly BandwidthThrottle _throttle;
    private readonly TransferEngineOptions _options;

    public SegmentCopier(BandwidthThrottle throttle, TransferEngineOptions options)
    {
        _throttle = throttle;
        _options = options;
    }

    /// <summary>
    /// Writes <paramref name="response"/>'s body from <see cref="SegmentRun.Position"/> up to <paramref name="end"/>
    /// (<see cref="long.MaxValue"/>: to the body's end) and returns where it stopped.
    /// </summary>
    /// <exception cref="TransferFailure">The body ended early, stalled or failed, or the disk refused.</exception>
    public async Task<long> CopyAsync(TransferJob job, TransferFile file, SafeFileHandle target, SegmentRun run, int index, SourceResponse response, long end, Uri uri, CancellationToken cancellationToken)
    {
        var position = run.Position(index);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        try
        {
            while (position < end)
            {
                var priority = job.Options.Priority;
                // Under a limit the connections share one read's worth (about 1/16 s of it), so that together they are no burst.
                var tightest = _throttle.ChunkSize(priority, job.Bandwidth);
                var share = tightest >= BufferSize ? BufferSize : Math.Max(MinChunk, tightest / Math.Max(1, run.Connections));
                var chunk = (int)Math.Min(share, end - position);
                int read;
                try
                {
                    stall.CancelAfter(_options.StallTimeout);
                    read = await response.Body.ReadAsync(buffer.AsMemory(0, chunk), reading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw FailureClassifier.Stalled(uri, _options.StallTimeout, ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw FailureClassifier.FromNetwork(ex, uri);
                }

                if (read == 0)
                {
                    if (end == long.MaxValue)
                    {
                        break;
                    }

                    throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"{uri} ended at byte {position:N0}, before the end of its part at {end:N0}.");
                }

                try
                {
                    await RandomAccess.WriteAsync(target, buffer.AsMemory(0, read), position, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw FailureClassifier.FromLocalFile(ex, file.TempPath);
                }

                position += read;
                run.Advance(index, read);
                await _throttle.PayAsync(priority, job.Bandwidth, read, cancellationToken).ConfigureAwait(false);
            }

            return position;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
