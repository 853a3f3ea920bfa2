using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Verification;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Running.Segments;

/// <summary>Makes a fully received file durable and counts it transferred (<see cref="FileDownloader"/>'s finish); owns and closes the two streams.</summary>
internal delegate Task FinishFile(TransferJob job, TransferFile file, FileStream temp, FileStream flusher, long length);

/// <summary>
/// Fetches one large file of a Foreground or High job over several connections, each a segment of its own
/// (<see cref="SegmentPlan"/>) resumed from its own checkpoint with Range and If-Range (the validator of the first
/// response). <see cref="FileDownloader"/> opens the first response as always and hands it here when
/// <see cref="Plan"/> says so; that response feeds the segment it starts in. A server that answers a segment's range
/// with the whole file (it ignores ranges, or If-Range failed because the file changed) or with another length makes
/// the file go on over that one connection from byte 0, as a download over one connection would.
/// </summary>
internal sealed class SegmentedDownloader
{
    private readonly HttpSource _http;
    private readonly JobStateChanger _changer;
    private readonly TransferEngineOptions _options;
    private readonly Func<int> _policyCap;
    private readonly FinishFile _finish;
    private readonly SegmentCopier _copier;

    /// <param name="http">Where segments' requests go.</param>
    /// <param name="throttle">The limits, paid by every connection into the job's buckets.</param>
    /// <param name="changer">Records checkpoints.</param>
    /// <param name="options">The engine's options (checkpoint interval, stall timeout, the smallest segment).</param>
    /// <param name="policyCap">The host policy's MaxConnectionsPerFile, read at each file.</param>
    /// <param name="finish">Makes the received file durable.</param>
    public SegmentedDownloader(HttpSource http, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options, Func<int> policyCap, FinishFile finish)
    {
        _http = http;
        _changer = changer;
        _options = options;
        _policyCap = policyCap;
        _finish = finish;
        _copier = new SegmentCopier(throttle, options);
    }

    /// <summary>
    /// The segments to fetch <paramref name="file"/> in, given its first response; <see langword="null"/>: one stream,
    /// as before (a Normal or Low job, one connection, a small file, an unknown length, no validator for If-Range, a local
    /// file, or a resume that does not fit the recorded segments, which are then forgotten).
    /// </summary>
    public FileSegments? Plan(TransferJob job, TransferFile file, Uri uri, SourceResponse response, PartFile part)
    {
        int connections;
        FileSegments? recorded;
        lock (job.Gate)
        {
            connections = SegmentPlan.Connections(job.Options.Priority, job.Options.Connections, _policyCap());
            recorded = file.Segments;
        }

        FileSegments? plan = null;
        if (!uri.IsFile && connections > 1 && response.Length is { } length && response.Validator is not null)
        {
            plan = response.Offset == 0
                ? SegmentPlan.Split(length, connections, _options.MinSegmentSize)
                : SegmentPlan.Resume(recorded, response.Offset, length, part.Stream.Length);
        }

        if (plan is null && recorded is not null)
        {
            // One stream from here: segments past its offset are not trusted any more (saved with its next checkpoint).
            lock (job.Gate)
            {
                file.Segments = null;
            }
        }

        return plan;
    }

    /// <summary>
    /// Receives <paramref name="file"/> over the connections of <paramref name="plan"/>, the first of them
    /// <paramref name="first"/>, and returns the task that makes it durable (as <see cref="FileDownloader.DownloadAsync"/>).
    /// Owns <paramref name="part"/>'s stream from here on.
    /// </summary>
    public async Task<Task> DownloadAsync(TransferJob job, TransferFile file, PartFile part, SourceResponse first, FileSegments plan, Uri uri, HttpAccess access, IReadOnlyList<string> headers, Action onFlowing, CancellationToken cancellationToken)
    {
        FileStream? temp = part.Stream;
        FileStream? flusher = null;
        try
        {
            long reservedBefore;
            lock (job.Gate)
            {
                reservedBefore = file.BytesTotal;
            }

            if (first.Offset == 0)
            {
                PartFileOpener.Truncate(part, 0);
            }

            // On record before any byte is written: a crash from here on resumes each segment from its own checkpoint.
            _changer.Checkpoint(job, file, f =>
            {
                (f.TempIdentity, f.Validator, f.BytesTotal) = (part.Identity, first.Validator, plan.Total);
                (f.BytesTransferred, f.CheckpointedBytes, f.Segments) = (plan.Done, plan.ContiguousPrefix, plan);
            });
            PartFileOpener.Reserve(part, plan.Total, file.Destination, reservedBefore);
            flusher = new FileStream(temp.SafeFileHandle, FileAccess.Write, bufferSize: 0);
            onFlowing();

            var length = await SegmentedAsync(job, file, part, flusher, first, plan, uri, access, headers, cancellationToken).ConfigureAwait(false);
            var finishing = _finish(job, file, temp, flusher, length);
            (temp, flusher) = (null, null);
            return finishing;
        }
        finally
        {
            temp?.Dispose();
            flusher?.Dispose();
        }
    }

    private async Task<long> SegmentedAsync(TransferJob job, TransferFile file, PartFile part, FileStream flusher, SourceResponse first, FileSegments plan, Uri uri, HttpAccess access, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        using var run = new SegmentRun(job, file, _changer, flusher, plan);
        using var verifier = FileVerifier.Follow(file.ExpectedHash, first.Digests, part, run.Frontier);
        run.Verifier = verifier;
        var target = part.Stream.SafeFileHandle;
        var parts = plan.Parts;
        var feeds = Enumerable.Range(0, parts.Count).First(i => !parts[i].IsComplete);
        run.Connections = parts.Count(p => !p.IsComplete);
        var validator = first.Validator;
        var failures = await RunAllAsync(run, stop => Enumerable.Range(0, parts.Count).Where(i => !parts[i].IsComplete).Select(async i =>
        {
            if (i == feeds)
            {
                // The first response may go on past its segment (a whole file, or an open range): closed once it got there.
                await _copier.CopyAsync(job, file, target, run, i, first, parts[i].End, uri, stop).ConfigureAwait(false);
                first.Dispose();
                return;
            }

            var response = await _http.OpenAsync(uri, parts[i].ResumeAt, validator, headers, access, stop).ConfigureAwait(false);
            if (response.Offset != parts[i].ResumeAt)
            {
                throw new SegmentFallback($"{uri.Authority} answered the range from {parts[i].ResumeAt:N0} with the whole file (it ignores ranges, or the file changed)", response);
            }

            using (response)
            {
                if (response.Length != plan.Total)
                {
                    throw new SegmentFallback($"{uri.Authority} now gives {uri.AbsolutePath} a length of {response.Length:N0} instead of {plan.Total:N0}");
                }

                await _copier.CopyAsync(job, file, target, run, i, response, parts[i].End, uri, stop).ConfigureAwait(false);
            }
        }).ToList(), cancellationToken).ConfigureAwait(false);

        if (failures.Count == 0)
        {
            if (verifier is not null)
            {
                await verifier.VerifyAsync(job, file, _changer, plan.Total).ConfigureAwait(false);
            }

            return plan.Total;
        }

        // The hash of these segments goes with them.
        verifier?.Dispose();
        run.Verifier = null;

        var fallback = failures.OfType<SegmentFallback>().FirstOrDefault();
        foreach (var other in failures.OfType<SegmentFallback>().Where(f => f != fallback))
        {
            other.WholeFile?.Dispose();
        }

        if (fallback is null || cancellationToken.IsCancellationRequested)
        {
            fallback?.WholeFile?.Dispose();
            throw failures.FirstOrDefault(f => f is TransferFailure) ?? failures.FirstOrDefault(f => f is not OperationCanceledException) ?? failures[0];
        }

        _options.Log?.Invoke(EngineLogLevel.Info, $"Transfer {job.Id}: {fallback.Message}; '{file.Destination}' goes on over one connection from byte 0.");
        return await OneStreamAsync(job, file, part, flusher, fallback.WholeFile, plan.Total, uri, access, headers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fall-back: the whole file over one connection from byte 0, on <paramref name="wholeFile"/> or a new request.</summary>
    private async Task<long> OneStreamAsync(TransferJob job, TransferFile file, PartFile part, FileStream flusher, SourceResponse? wholeFile, long reservedBefore, Uri uri, HttpAccess access, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        using var response = wholeFile ?? await _http.OpenAsync(uri, 0, null, headers, access, cancellationToken).ConfigureAwait(false);

        // The restart is on record before a byte of the (maybe new) content is written, so no crash can splice two versions.
        _changer.Checkpoint(job, file, f =>
        {
            (f.Validator, f.BytesTotal, f.Segments) = (response.Validator, response.Length ?? -1, null);
            (f.BytesTransferred, f.CheckpointedBytes) = (0, 0);
        });
        PartFileOpener.Truncate(part, 0);
        if (response.Length is { } total)
        {
            PartFileOpener.Reserve(part, total, file.Destination, reservedBefore);
        }

        using var run = new SegmentRun(job, file, _changer, flusher, segments: null);
        using var verifier = FileVerifier.Follow(file.ExpectedHash, response.Digests, part, run.Frontier);
        run.Verifier = verifier;
        long position = 0;
        async Task CopyAllAsync(CancellationToken stop) =>
            position = await _copier.CopyAsync(job, file, part.Stream.SafeFileHandle, run, 0, response, long.MaxValue, uri, stop).ConfigureAwait(false);
        var failures = await RunAllAsync(run, stop => [CopyAllAsync(stop)], cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw failures[0];
        }

        if (response.Length is { } length && position != length)
        {
            throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"{uri} ended after {position:N0} of {length:N0} bytes.");
        }

        if (verifier is not null)
        {
            await verifier.VerifyAsync(job, file, _changer, position).ConfigureAwait(false);
        }

        return position;
    }

    /// <summary>
    /// Runs the copies that <paramref name="start"/> makes beside a checkpoint every CheckpointInterval; the first failure
    /// stops the rest. Returns every failure (none when all completed), after a last checkpoint of what was written.
    /// </summary>
    private async Task<List<Exception>> RunAllAsync(SegmentRun run, Func<CancellationToken, List<Task>> start, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var checkpointsEnd = new CancellationTokenSource();
        var failures = new List<Exception>();
        var checkpoints = CheckpointEveryIntervalAsync(run, stop, checkpointsEnd.Token);
        var copies = start(stop.Token).Select(async copy =>
        {
            try
            {
                await copy.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }

                await stop.CancelAsync().ConfigureAwait(false);
            }
        });
        await Task.WhenAll(copies).ConfigureAwait(false);
        await checkpointsEnd.CancelAsync().ConfigureAwait(false);
        if (await checkpoints.ConfigureAwait(false) is { } diskFailure)
        {
            failures.Insert(0, diskFailure);
        }

        if (failures.Count > 0)
        {
            try
            {
                // A failed or stopped attempt keeps what reached the disk: each segment resumes from there.
                run.Checkpoint();
            }
            catch (TransferFailure)
            {
                // The disk refused the flush: the bytes past each segment's last checkpoint are simply fetched again.
            }
        }

        return failures;
    }

    private async Task<TransferFailure?> CheckpointEveryIntervalAsync(SegmentRun run, CancellationTokenSource stop, CancellationToken end)
    {
        try
        {
            while (true)
            {
                // Every interval, and sooner once enough bytes are waiting, so that the last fsync has little left to do.
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(end))
                {
                    var interval = Task.Delay(_options.CheckpointInterval, _options.TimeProvider, either.Token);
                    await Task.WhenAny(interval, run.FlushDueAsync(either.Token)).ConfigureAwait(false);
                    await either.CancelAsync().ConfigureAwait(false);
                    end.ThrowIfCancellationRequested();
                }

                run.Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (TransferFailure failure)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return failure;
        }
    }
}
