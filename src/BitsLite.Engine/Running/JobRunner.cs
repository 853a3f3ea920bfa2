using BitsLite.Engine.Jobs;
using BitsLite.Engine.Network;
using BitsLite.Engine.Policy;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Scheduling;
using BitsLite.Engine.Text;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Running;

/// <summary>
/// Runs one job from Queued to Transferred or Error: waits for a network it may use and for a slot, transfers its
/// files in order, reconnects quickly when a file's connection drops (<see cref="QuickReconnectPipeline"/>, staying
/// Connecting), retries other transient failures through the job's Polly pipeline, steps aside when pre-empted or when
/// the network becomes metered under a job that needs an unmetered one, and
/// gives up when MaxDownloadTime runs out. Stopping it (the token) leaves the job's state to the caller.
/// </summary>
internal sealed class JobRunner
{
    // Files whose fsync may run beside the next file's transfer; small files would otherwise wait on the disk one by one.
    private const int MaxFinishing = 8;

    private readonly JobScheduler _scheduler;
    private readonly FileDownloader _downloader;
    private readonly JobStateChanger _changer;
    private readonly NetworkCostGate _cost;
    private readonly BandwidthScheduleGate _schedule;
    private readonly TransferEngineOptions _options;
    private readonly Uploader _uploader;

    public JobRunner(JobScheduler scheduler, FileDownloader downloader, Uploader uploader, JobStateChanger changer, NetworkCostGate cost, BandwidthScheduleGate schedule, TransferEngineOptions options)
    {
        _scheduler = scheduler;
        _downloader = downloader;
        _uploader = uploader;
        _changer = changer;
        _cost = cost;
        _schedule = schedule;
        _options = options;
    }

    public async Task RunAsync(TransferJob job, int runId, CancellationToken stop)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        TimeSpan? budget;
        lock (job.Gate)
        {
            budget = job.Options.MaxDownloadTime > TimeSpan.Zero ? job.Options.MaxDownloadTime - job.ActiveTime : null;
        }

        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        if (budget is { } left)
        {
            deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        var pipeline = RetryPipelineFactory.Create(job, _options, (failure, delay) =>
            _changer.TryChangeByRunner(job, runId, TransferState.TransientError, j => RecordError(j, failure, transient: true)));
        var reconnect = new QuickReconnectPipeline(job, _options, (failure, attempt) => Reconnecting(job, runId, failure, attempt));

        // The run's active time is added once, inside the final state change so that it is saved with it.
        var accounted = false;
        void Account(TransferJob j)
        {
            if (!accounted)
            {
                j.ActiveTime += time.GetElapsedTime(started);
                accounted = true;
            }
        }

        void Fail(TransferFailure failure) => _changer.TryChangeByRunner(job, runId, TransferState.Error, j =>
        {
            Account(j);
            RecordError(j, failure, transient: false);
        });

        try
        {
            void Finish() => _changer.TryChangeByRunner(job, runId, TransferState.Transferred, j =>
            {
                Account(j);
                j.CompletionTime = _changer.Now;
                j.Error = null;
            });

            await pipeline.ExecuteAsync(async token => await AttemptAsync(job, runId, reconnect, Finish, token).ConfigureAwait(false), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Suspended, cancelled or shut down: whoever stopped us sets (and saves) the state.
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Fail(TransferFailure.Fatal(TransferErrorContext.GeneralQueueManager, $"The job was active longer than its maximum download time ({job.Options.MaxDownloadTime})."));
        }
        catch (TransferFailure failure)
        {
            Fail(failure);
        }
#pragma warning disable CA1031 // A bug in one job must become that job's error, not take the engine down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(TransferFailure.Fatal(TransferErrorContext.GeneralQueueManager, $"Internal error: {ex.GetType().Name}: {ex.Message}", ex));
        }
        finally
        {
            lock (job.Gate)
            {
                Account(job);
            }
        }
    }

    /// <remarks>
    /// <paramref name="finish"/> runs while the slot is still held, so a job is Transferred before the next one starts.
    /// </remarks>
    private async ValueTask AttemptAsync(TransferJob job, int runId, QuickReconnectPipeline reconnect, Action finish, CancellationToken cancellationToken)
    {
        while (true)
        {
            _changer.TryChangeByRunner(job, runId, TransferState.Queued);
            await _cost.WaitUntilAllowedAsync(job, runId, cancellationToken).ConfigureAwait(false);
            await _schedule.WaitUntilAllowedAsync(job, runId, cancellationToken).ConfigureAwait(false);
            TransferPriority priority;
            lock (job.Gate)
            {
                priority = job.Options.Priority;
            }

            using var slot = await _scheduler.AcquireAsync(job, priority, cancellationToken).ConfigureAwait(false);
            using var network = _cost.Follow(job, out var metered);
            using var window = _schedule.Follow(job, out var held);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slot.Preempted, metered, held);
            try
            {
                await TransferFilesAsync(job, runId, reconnect, attempt.Token).ConfigureAwait(false);
                finish();
                return;
            }
            catch (OperationCanceledException) when ((slot.WasPreempted || metered.IsCancellationRequested || held.IsCancellationRequested) && !cancellationToken.IsCancellationRequested)
            {
                // A job of higher priority took the slot, the network became metered, or the bandwidth schedule holds
                // background jobs now; queue again (progress was checkpointed).
            }
        }
    }

    private async Task TransferFilesAsync(TransferJob job, int runId, QuickReconnectPipeline reconnect, CancellationToken cancellationToken)
    {
        _changer.TryChangeByRunner(job, runId, TransferState.Connecting);
        if (job.Type != TransferType.Download)
        {
            await _uploader.UploadAsync(job, () => MarkFlowing(job, runId), cancellationToken).ConfigureAwait(false);
            return;
        }

        var finishing = new List<Task>();
        try
        {
            while (NextFile(job) is { } file)
            {
                finishing.Add(await reconnect.ExecuteAsync(
                    (flowing, token) => _downloader.DownloadAsync(job, file, flowing, token), () => MarkFlowing(job, runId), cancellationToken).ConfigureAwait(false));
                finishing.RemoveAll(t => t.IsCompletedSuccessfully);
                if (finishing.Count >= MaxFinishing)
                {
                    await Task.WhenAny(finishing).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            // Let the fsyncs already under way settle before the failure moves on (they write to the store).
            await Task.WhenAll(finishing).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await Task.WhenAll(finishing).ConfigureAwait(false);
    }

    private void MarkFlowing(TransferJob job, int runId)
    {
        lock (job.Gate)
        {
            if (job.State == TransferState.Transferring && job.Error is null)
            {
                return;
            }
        }

        _changer.TryChangeByRunner(job, runId, TransferState.Transferring, j => j.Error = null);
    }

    /// <summary>
    /// Before a quick reconnect's back-off: the job stays active, in Connecting (no TransientError for a watcher to see
    /// flap), with the failure counted and shown until bytes flow again; the host's log says what happens.
    /// </summary>
    private void Reconnecting(TransferJob job, int runId, TransferFailure failure, ReconnectAttempt attempt)
    {
        if (_changer.TryChangeByRunner(job, runId, TransferState.Connecting, j => RecordError(j, failure, transient: true)))
        {
            var window = _options.QuickReconnect.Window.TotalSeconds;
            _options.Log?.Invoke(EngineLogLevel.Info, FormattableString.Invariant(
                $"Transfer {job.Id}: {UntrustedText.Clean(failure.Message)} Reconnecting {attempt.When} (quick reconnect {attempt.Number} of at most {attempt.Attempts} within {window:0.#} s)."));
        }
    }

    /// <summary>The first file neither transferred nor finishing; files added while the job runs are picked up here.</summary>
    private static TransferFile? NextFile(TransferJob job)
    {
        lock (job.Gate)
        {
            return job.Files.Find(f => f is { IsTransferred: false, Finishing: false });
        }
    }

    private void RecordError(TransferJob job, TransferFailure failure, bool transient)
    {
        job.ErrorCount++;
        job.Error = new TransferError
        {
            Context = failure.Context,
            // The one way a failure's text (a server's reason phrase, a URL from a Location) enters a job.
            Description = UntrustedText.Clean(failure.Message),
            HttpStatus = failure.HttpStatus,
            Source = failure.FileSource,
            IsTransient = transient,
            Time = _changer.Now,
        };
    }
}
