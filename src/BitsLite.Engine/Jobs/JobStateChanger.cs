using System.Runtime.CompilerServices;
using BitsLite.Engine.Events;
using BitsLite.Engine.Notifications;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// The only way a job changes: its state (only along the state machine's moves), its settings and its files, each under
/// the job's lock, saved to the store and announced to subscribers before the lock is released. Arriving in Transferred
/// or Error starts the job's notification program, if it has one for that state. The build holds to this: moving a
/// job's state needs a <see cref="Permit"/>, which only this class can make.
/// </summary>
internal sealed class JobStateChanger
{
    // Set by Permit's type initializer, the one place that can make one (its constructor is private to it).
    private static Permit? s_granted;

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

    /// <summary>Gives the job new settings, saves them (their encrypted secrets only when those changed) and announces it.</summary>
    public TransferInfo ChangeOptions(TransferJob job, TransferOptions options)
    {
        lock (job.Gate)
        {
            var secretsChanged = !StoredOptions.SameSecrets(job.Options, options);
            job.ApplyOptions(options);
            job.ModificationTime = Now;
            _store.SaveOptions(job, secretsChanged);
            return Announce(job, TransferEventKind.Changed);
        }
    }

    /// <summary>Adds files to a job and announces it; a Transferred job queues again for them (the caller starts its runner).</summary>
    /// <returns>The job now, and whether it was queued again.</returns>
    public (TransferInfo Info, bool Requeued) AddFiles(TransferJob job, List<TransferFile> added)
    {
        lock (job.Gate)
        {
            var requeue = job.State == TransferState.Transferred;
            job.Files.AddRange(added);
            job.ModificationTime = Now;
            if (requeue)
            {
                job.MoveTo(TransferState.Queued, Granted);
                job.LastProgressTime = Now;
            }

            _store.SaveNewFiles(job, added);
            return (Announce(job, TransferEventKind.Changed), requeue);
        }
    }

    /// <summary>Queues a job that was active when the last engine stopped, keeping its retry clock; nobody watches yet.</summary>
    public void Requeue(TransferJob job)
    {
        lock (job.Gate)
        {
            job.MoveTo(TransferState.Queued, Granted);
            job.QueueReason = null;
            _store.SaveState(job);
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

        job.MoveTo(to, Granted);
        job.ModificationTime = Now;
        also?.Invoke(job);
        _store.SaveState(job);
        var info = Announce(job, TransferEventKind.StateChanged);
        if (arrived && job.Options.Notification is { } notification && NotificationLauncher.RunsOn(notification, to))
        {
            // Once per arrival, after the state is on record: a restarted engine does not run it again.
            _notifications.Launch(notification, info);
        }

        return info;
    }

    private TransferInfo Announce(TransferJob job, TransferEventKind kind)
    {
        var info = job.ToInfo();
        _events.Publish(new TransferEvent(kind, info));
        return info;
    }

    private static Permit Granted
    {
        get
        {
            if (s_granted is null)
            {
                RuntimeHelpers.RunClassConstructor(typeof(Permit).TypeHandle);
            }

            return s_granted!;
        }
    }

    /// <summary>
    /// What <see cref="TransferJob.MoveTo"/> asks for: proof that the move comes from here. No other code can make one,
    /// and only this class is handed the one there is.
    /// </summary>
    public sealed class Permit
    {
#pragma warning disable CA1810 // The point is to hand the instance to the outer class, which no initializer expression can.
        static Permit() => s_granted = new Permit();
#pragma warning restore CA1810

        private Permit()
        {
        }
    }
}
