using System.Buffers;
using System.Runtime.CompilerServices;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Running.Segments;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Verification;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Running;

/// <summary>
/// Moves one file's bytes into its temporary file: resumes from the last checkpoint, pays the
/// bandwidth limits, and checkpoints only bytes that an fsync has put on disk. The fsync runs beside
/// the copy (on a second handle) so that durability does not stall the transfer.
/// </summary>
internal sealed class FileDownloader
{
    // Besides the time interval, flush every so many bytes, so the final fsync has little left to do.
    private const long FlushEveryBytes = 64L * 1024 * 1024;
    private const int BufferSize = 1024 * 1024;

    private readonly HttpSource _http;
    private readonly LocalFileSource _local;
    private readonly BandwidthThrottle _throttle;
    private readonly JobStateChanger _changer;
    private readonly TransferEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly PartFileOpener _parts;
    private readonly SegmentedDownloader _segments;

    // Weak: a job's memory goes with the job, whichever way it ends.
    private readonly ConditionalWeakTable<TransferJob, BackoffMemory> _backoffMemory = new();

    /// <summary>A downloader; <paramref name="maxConnectionsPerFile"/> gives the host policy's MaxConnectionsPerFile at each file (default: the options').</summary>
    public FileDownloader(HttpSource http, LocalFileSource local, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options, Func<int>? maxConnectionsPerFile = null)
    {
        _http = http;
        _local = local;
        _throttle = throttle;
        _changer = changer;
        _options = options;
        _time = options.TimeProvider;
        _parts = new PartFileOpener(changer, options.Log);
        _segments = new SegmentedDownloader(http, throttle, changer, options, maxConnectionsPerFile ?? (() => options.MaxConnectionsPerFile), FinishAsync);
    }

    /// <summary>
    /// Receives all of <paramref name="file"/>'s bytes (<paramref name="onFlowing"/> runs once the source answered) and
    /// returns the task that makes them durable; the caller must await it before the job counts as transferred.
    /// </summary>
    public async Task<Task> DownloadAsync(TransferJob job, TransferFile file, Action onFlowing, CancellationToken cancellationToken)
    {
        try
        {
            return await DownloadCoreAsync(job, file, onFlowing, cancellationToken).ConfigureAwait(false);
        }
        catch (TransferFailure failure)
        {
            failure.FileSource ??= file.Source;
            throw;
        }
    }

    private async Task<Task> DownloadCoreAsync(TransferJob job, TransferFile file, Action onFlowing, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> headers;
        HttpAccess access;
        string? validator;
        long checkpoint, knownLength;
        lock (job.Gate)
        {
            headers = job.Options.CustomHeaders;
            access = HttpAccess.ForJob(job, background: BacksOff(job.Options.Priority));
            validator = file.Validator;
            checkpoint = file.CheckpointedBytes;
            knownLength = file.BytesTotal;
        }

        var part = _parts.Open(job, file);
        FileStream? temp = part.Stream;
        FileStream? flusher = null;
        try
        {
            // Trust only what was both checkpointed and is still in the file; anything beyond may not have reached the disk.
            checkpoint = part.Refusal is null ? checkpoint : 0;
            var offset = Math.Min(temp.Length, checkpoint);

            var uri = SourceAddress.Parse(file.Source);
            var connection = ResponseConnection.Watch();
            Task<SourceResponse> Open(long from, string? expected) => uri.IsFile
                ? _local.OpenAsync(uri, from, expected, headers, cancellationToken)
                : _http.OpenAsync(uri, from, expected, headers, access, cancellationToken);
            var response = await Open(offset, validator).ConfigureAwait(false);
            if (response.Offset > 0 && knownLength >= 0 && response.Length != knownLength)
            {
                // Same validator but another size: the server contradicts itself, so trust none of the old bytes.
                response.Dispose();
                response = await Open(0, null).ConfigureAwait(false);
            }

            using var _ = response;
            if (_segments.Plan(job, file, uri, response, part) is { } segments)
            {
                // A large file of a Foreground or High job: several connections, which own the file from here.
                var segmented = _segments.DownloadAsync(job, file, part, response, segments, uri, access, headers, onFlowing, cancellationToken);
                temp = null;
                return await segmented.ConfigureAwait(false);
            }

            PartFileOpener.Truncate(part, response.Offset);
            using var verifier = await FileVerifier.StartAsync(file.ExpectedHash, response, part, cancellationToken).ConfigureAwait(false);

            // The fsyncs go through a second stream on the same open file, never through its path, which others may change.
            flusher = new FileStream(temp.SafeFileHandle, FileAccess.Write, bufferSize: 0);
            var update = (TransferFile f) =>
            {
                f.TempIdentity = part.Identity;
                f.Validator = response.Validator;
                f.BytesTotal = response.Length ?? -1;
                f.BytesTransferred = response.Offset;
                f.CheckpointedBytes = Math.Min(f.CheckpointedBytes, response.Offset);
            };
            if (response.Offset < checkpoint)
            {
                // A restart must be on record before any new byte is written, or a crash could splice two versions.
                _changer.Checkpoint(job, file, update);
            }
            else
            {
                // Nothing on record changes meaning: the new validator (and a new file's identity) is saved with the first checkpoint.
                lock (job.Gate)
                {
                    update(file);
                }
            }

            if (response.Length is { } total)
            {
                PartFileOpener.Reserve(part, total, file.Destination, reservedBefore: knownLength);
            }

            onFlowing();
            var backoff = access.Background && !uri.IsFile ? StartBackoff(job, uri, connection) : null;
            var position = await CopyAsync(job, file, response, temp, flusher, uri, backoff, cancellationToken).ConfigureAwait(false);
            if (backoff is { IsOn: true })
            {
                BackoffMemoryOf(job).Remember(uri.Authority, backoff.Controller.Rate);
            }

            if (response.Length is { } length && position != length)
            {
                throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"{uri} ended after {position:N0} of {length:N0} bytes.");
            }

            if (verifier is not null)
            {
                await verifier.VerifyAsync(job, file, _changer, position).ConfigureAwait(false);
            }

            var finishing = FinishAsync(job, file, temp, flusher, position);
            (temp, flusher) = (null, null);
            return finishing;
        }
        finally
        {
            temp?.Dispose();
            flusher?.Dispose();
        }
    }

    /// <summary>
    /// Makes a fully received file durable beside the next file's transfer: it counts as transferred
    /// only once its fsync has returned and that is on record. Owns and closes the two streams.
    /// </summary>
    private async Task FinishAsync(TransferJob job, TransferFile file, FileStream temp, FileStream flusher, long position)
    {
        // Before the first await: the caller sees the file finishing as soon as this returns.
        lock (job.Gate)
        {
            file.Finishing = true;
        }

        try
        {
            await Task.Run(() => Flush(flusher, file.TempPath)).ConfigureAwait(false);
            _changer.Checkpoint(job, file, f =>
            {
                f.BytesTotal = position;
                f.BytesTransferred = position;
                f.CheckpointedBytes = position;
                f.IsTransferred = true;
            });
            _changer.ReportProgress(job, force: true);
        }
        finally
        {
            lock (job.Gate)
            {
                file.Finishing = false;
            }

            await temp.DisposeAsync().ConfigureAwait(false);
            await flusher.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The back-off of one response, starting where the job's last response from the same origin left off.</summary>
    private TransferBackoff StartBackoff(TransferJob job, Uri uri, ResponseConnection connection)
    {
        var (initialRate, history) = BackoffMemoryOf(job).Recall(uri.Authority);
        var backoff = new TransferBackoff(connection, _options.BackgroundBackoff, _time, initialRate, history);
        _throttle.BackoffStarted?.Invoke(job.Id, backoff);
        return backoff;
    }

    private BackoffMemory BackoffMemoryOf(TransferJob job) => _backoffMemory.GetOrAdd(job, _ => new BackoffMemory(_time));

    /// <summary>Whether transfers of this priority back off when they meet queueing delay (Normal and Low, when enabled and the system can tell the delay).</summary>
    private bool BacksOff(TransferPriority priority) =>
        _options.BackgroundBackoff.Enabled && TcpInfo.IsSupported && priority is TransferPriority.Normal or TransferPriority.Low;

    private async Task<long> CopyAsync(TransferJob job, TransferFile file, SourceResponse response, FileStream temp, FileStream flusher, Uri uri, TransferBackoff? backoff, CancellationToken cancellationToken)
    {
        var position = response.Offset;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        Task<long>? flushing = null;
        var flushedAt = _time.GetTimestamp();
        var flushedBytes = position;
        var completed = false;

        // While a read waits on a slow or stalled server, this timer checkpoints what is already written, so that
        // a crash during the wait loses at most one checkpoint interval. Armed only while such a read is pending.
        var idleFlush = _time.CreateTimer(_ => FlushWhileWaiting(job, file, flusher), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                // The back-off holds only while the job is Normal or Low; a job raised to High or Foreground goes at once.
                var priority = job.Options.Priority;
                var backingOff = backoff is not null && BacksOff(priority);
                var limit = backingOff ? backoff!.LimitFor(response.Length - position) : null;
                var chunk = limit is null ? _throttle.ChunkSize(priority, job.Bandwidth) : Math.Max(_throttle.ChunkSize(priority, job.Bandwidth, limit), backoff!.DrainChunk);
                int read;
                try
                {
                    stall.CancelAfter(_options.StallTimeout);
                    var pending = response.Body.ReadAsync(buffer.AsMemory(0, chunk), reading.Token);
                    if (!pending.IsCompleted && position > flushedBytes)
                    {
                        idleFlush.Change(_options.CheckpointInterval, Timeout.InfiniteTimeSpan);
                        try
                        {
                            read = await pending.ConfigureAwait(false);
                        }
                        finally
                        {
                            idleFlush.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                        }
                    }
                    else
                    {
                        read = await pending.ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw FailureClassifier.Stalled(uri, _options.StallTimeout, ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw uri.IsFile ? TransferFailure.Transient(TransferErrorContext.RemoteFile, $"Reading '{uri.LocalPath}' failed: {ex.Message}", ex) : FailureClassifier.FromNetwork(ex, uri);
                }

                if (read == 0)
                {
                    break;
                }

                try
                {
                    await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw FailureClassifier.FromLocalFile(ex, file.TempPath);
                }

                position += read;
                if (backingOff)
                {
                    backoff!.OnReceived(read);
                }
                else
                {
                    backoff?.Release();
                }

                lock (job.Gate)
                {
                    file.BytesTransferred = position;
                    if (position > file.HighWater)
                    {
                        // Only new ground resets the retry timeout; a server that always breaks at the same byte must not keep a job alive forever.
                        file.HighWater = position;
                        job.LastProgressTime = _changer.Now;
                    }
                }

                _changer.ReportProgress(job);

                if (flushing is { IsCompleted: true })
                {
                    RecordFlushed(job, file, await flushing.ConfigureAwait(false));
                    flushing = null;
                }

                if (flushing is null && (position - flushedBytes >= FlushEveryBytes || _time.GetElapsedTime(flushedAt) >= _options.CheckpointInterval))
                {
                    var upTo = position;
                    (flushedAt, flushedBytes) = (_time.GetTimestamp(), upTo);
                    flushing = Task.Run(() =>
                    {
                        Flush(flusher, file.TempPath);
                        return upTo;
                    }, CancellationToken.None);
                }

                await _throttle.PayAsync(priority, job.Bandwidth, limit, read, cancellationToken).ConfigureAwait(false);
            }

            completed = true;
            return position;
        }
        finally
        {
            // Waits for a running callback, which uses the flusher the caller is about to close.
            await idleFlush.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
            if (!completed)
            {
                // A failed or stopped attempt keeps what reached the disk: the next one resumes from there.
                await SettleAsync(job, file, flusher, flushing, position).ConfigureAwait(false);
            }
            else if (flushing is not null)
            {
                RecordFlushed(job, file, await flushing.ConfigureAwait(false));
            }
        }
    }

    /// <summary>
    /// Runs on the timer while the copy loop awaits a read, so nothing is being written: everything up to
    /// <see cref="TransferFile.BytesTransferred"/> is in the file and can be made durable and checkpointed.
    /// </summary>
    private void FlushWhileWaiting(TransferJob job, TransferFile file, FileStream flusher)
    {
        long upTo;
        lock (job.Gate)
        {
            upTo = file.BytesTransferred;
        }

        try
        {
            Flush(flusher, file.TempPath);
            RecordFlushed(job, file, upTo);
        }
#pragma warning disable CA1031 // A timer callback must not throw; the copy loop meets any disk failure on its own next write.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void RecordFlushed(TransferJob job, TransferFile file, long upTo) =>
        _changer.Checkpoint(job, file, f => f.CheckpointedBytes = Math.Max(f.CheckpointedBytes, upTo));

    private async Task SettleAsync(TransferJob job, TransferFile file, FileStream flusher, Task<long>? flushing, long position)
    {
        try
        {
            if (flushing is not null)
            {
                await flushing.ConfigureAwait(false);
            }

            Flush(flusher, file.TempPath);
            RecordFlushed(job, file, position);
        }
        catch (TransferFailure)
        {
            // The disk refused the flush: the bytes past the last checkpoint are simply fetched again.
        }
    }

    private static void Flush(FileStream flusher, string path)
    {
        try
        {
            flusher.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, path);
        }
    }
}
