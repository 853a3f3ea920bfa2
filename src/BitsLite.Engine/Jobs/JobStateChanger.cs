using BitsLite.Engine.Events;
using BitsLite.Engine.Notifications;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// The only way a job's state changes: under the job's lock, only along the state machine's moves,
/// saved to the store and announced to subscribers before the lock is released. Arriving in Transferred or Error
/// starts the job's notification program, if it has one for that state.
/// </summary>
internal sealed class JobStateChanger
{
    private static readonly TimeSpan ProgressEventInterval = TimeSpan.FromMilliseconds(250);

    private readonly JobStore _store;
    private readonly TransferEventHub _events;
    private readonly TimeProvider _time;
    private readonly NotificationLauncher _notifications;

    public JobStateChanger(JobStore store, TransferEventHub events, TimeProvider time, NotificationLauncher notifications)
    {
        _store = store;
        _events = events;
        _time = time;
        _notifications = notifications;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>A user's operation: throws <see cref="Protocol.Errors.TransferException"/> when the state does not allow it.</summary>
    public TransferInfo Change(TransferJob job, TransferState to, string operation, Action<TransferJob>? also = null)
    {
        lock (job.Gate)
        {
            TransferStateMachine.EnsureCanMove(job, to, operation);
            return Apply(job, to, also);
        }
    }

    /// <summary>
    /// A runner's move. Refused (false) when the runner was taken off the job meanwhile, or the move is
    /// not legal from where a user has put the job; staying in the same state is accepted without a write.
    /// </summary>
    public bool TryChangeByRunner(TransferJob job, int runId, TransferState to, Action<TransferJob>? also = null)
    {
        lock (job.Gate)
        {
            if (job.RunId != runId)
            {
                return false;
            }

            if (job.State == to && also is null)
            {
                return true;
            }

            if (job.State != to && !TransferStateMachine.CanMove(job.State, to))
            {
                return false;
            }

            Apply(job, to, also);
            return true;
        }
    }

    /// <summary>Saves a change of settings or files and announces it.</summary>
    public TransferInfo Save(TransferJob job, Action<TransferJob> change)
    {
        lock (job.Gate)
        {
            change(job);
            job.ModificationTime = Now;
            _store.Save(job);
            var info = job.ToInfo();
            _events.Publish(new TransferEvent(TransferEventKind.Changed, info));
            return info;
        }
    }

    /// <summary>
    /// Sets why a queued job waits (or clears it with <see langword="null"/>) and announces it as a state change, so
    /// watchers see the reason; ignored when the runner was taken off the job. The reason is not stored.
    /// <paramref name="restartProgressClock"/> also restarts the retry timeout's clock, for a wait that must not count against it.
    /// </summary>
    public void SetQueueReason(TransferJob job, int runId, string? reason, bool restartProgressClock = false)
    {
        TransferInfo info;
        lock (job.Gate)
        {
            if (job.RunId != runId)
            {
                return;
            }

            if (restartProgressClock)
            {
                job.LastProgressTime = Now;
            }

            if (job.QueueReason == reason)
            {
                return;
            }

            job.QueueReason = reason;
            if (job.State != TransferState.Queued)
            {
                return;
            }

            info = job.ToInfo();
        }

        _events.Publish(new TransferEvent(TransferEventKind.StateChanged, info));
    }

    /// <summary>Records a file's checkpoint; <paramref name="update"/> runs under the job's lock first.</summary>
    public void Checkpoint(TransferJob job, TransferFile file, Action<TransferFile> update)
    {
        lock (job.Gate)
        {
            update(file);
            _store.SaveProgress(job, file);
        }
    }

    /// <summary>
    /// Announces progress, at most a few times a second per job. A report that comes too soon is not lost:
    /// one trailing report goes out when the interval ends, so observers always see where a stalled transfer stopped.
    /// </summary>
    public void ReportProgress(TransferJob job, bool force = false)
    {
        TransferInfo info;
        lock (job.Gate)
        {
            var now = _time.GetTimestamp();
            var since = _time.GetElapsedTime(job.LastProgressEvent, now);
            if (!force && job.LastProgressEvent != 0 && since < ProgressEventInterval)
            {
                if (!job.TrailingProgressPending)
                {
                    job.TrailingProgressPending = true;
                    _ = ReportLaterAsync(job, ProgressEventInterval - since);
                }

                return;
            }

            job.LastProgressEvent = now;
            info = job.ToInfo();
        }

        _events.Publish(new TransferEvent(TransferEventKind.Progress, info));
    }

    private async Task ReportLaterAsync(TransferJob job, TimeSpan delay)
    {
        await Task.Delay(delay, _time).ConfigureAwait(false);
        lock (job.Gate)
        {
            job.TrailingProgressPending = false;
        }

        ReportProgress(job, force: true);
    }

    private TransferInfo Apply(TransferJob job, TransferState to, Action<TransferJob>? also)
    {
        var arrived = job.State != to;
        if (arrived)
        {
            // A reason belongs to one stay in Queued; whatever holds the job back next time sets its own.
            job.QueueReason = null;
        }

        job.State = to;
        job.ModificationTime = Now;
        also?.Invoke(job);
        _store.Save(job);
        var info = job.ToInfo();
        _events.Publish(new TransferEvent(TransferEventKind.StateChanged, info));
        if (arrived && job.Notification is { } notification && NotificationLauncher.RunsOn(notification, to))
        {
            // Once per arrival, after the state is on record: a restarted engine does not run it again.
            _notifications.Launch(notification, info);
        }

        return info;
    }
}
