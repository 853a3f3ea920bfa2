using System.Globalization;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Scheduling;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Policy;

/// <summary>
/// Puts the bandwidth schedule in force: sets the shared background bucket's rate to the limit of the moment, and while
/// that limit is 0 holds background jobs (every priority but Foreground) in Queued, with a reason, and stops running ones.
/// A timer on the engine's clock wakes it at the next change of limit (at most an hour ahead, so that a clock that
/// jumped catches up), never more often; with no schedule there is no timer.
/// </summary>
internal sealed class BandwidthScheduleGate : IAsyncDisposable
{
    /// <summary>How the <see cref="TransferInfo.QueueReason"/> of a held job starts.</summary>
    public const string HeldReason = "blocked by the bandwidth schedule";

    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan ShortestSleep = TimeSpan.FromMilliseconds(10);

    private readonly TokenBucket _background;
    private readonly TimeProvider _time;
    private readonly JobStateChanger _changer;
    private readonly Lock _lock = new();
    private readonly List<Watch> _watches = [];
    private BandwidthTimetable _timetable;
    private BandwidthInForce _inForce;
    private TaskCompletionSource _changed = NewSignal();
    private ITimer? _timer;
    private bool _disposed;

    public BandwidthScheduleGate(TokenBucket background, TimeProvider time, JobStateChanger changer, HostPolicy policy)
    {
        _background = background;
        _time = time;
        _changer = changer;
        _timetable = new BandwidthTimetable(policy.BandwidthSchedule, policy.BackgroundBandwidth, time.LocalTimeZone);
        Refresh();
    }

    /// <summary>The limit in force now and until when.</summary>
    public BandwidthInForce InForce
    {
        get
        {
            lock (_lock)
            {
                return _inForce;
            }
        }
    }

    /// <summary>A new policy: its limit and schedule apply at once.</summary>
    public void Apply(HostPolicy policy)
    {
        lock (_lock)
        {
            _timetable = new BandwidthTimetable(policy.BandwidthSchedule, policy.BackgroundBandwidth, _time.LocalTimeZone);
        }

        Refresh();
    }

    /// <summary>A job's priority changed: a held job that became Foreground goes, a running one that left Foreground may have to stop.</summary>
    public void PriorityChanged() => Refresh();

    /// <summary>
    /// Returns when <paramref name="job"/> may transfer: at once unless the schedule holds background jobs and the job is
    /// one. While it waits the job shows why and until when; the wait does not count against its retry timeout.
    /// </summary>
    public async Task WaitUntilAllowedAsync(TransferJob job, int runId, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            Task changed;
            BandwidthInForce inForce;
            lock (_lock)
            {
                changed = _changed.Task;
                inForce = _inForce;
            }

            if (!inForce.HoldsBackgroundJobs || PriorityOf(job) == TransferPriority.Foreground)
            {
                break;
            }

            _changer.SetQueueReason(job, runId, Reason(inForce));
            waited = true;
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (waited)
        {
            _changer.SetQueueReason(job, runId, null, restartProgressClock: true);
        }
    }

    /// <summary>
    /// Follows a job while it holds a slot: the returned token is cancelled when the schedule starts holding background
    /// jobs while this one is such a job (at once if it already does). Dispose when the attempt ends.
    /// </summary>
    public IDisposable Follow(TransferJob job, out CancellationToken mustYield)
    {
        var watch = new Watch(this, job);
        bool held;
        lock (_lock)
        {
            _watches.Add(watch);
            held = _inForce.HoldsBackgroundJobs;
        }

        mustYield = watch.Token;
        if (held)
        {
            watch.Check();
        }

        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_lock)
        {
            // Held jobs stay held: the engine cancels their runners as it stops.
            _disposed = true;
            (timer, _timer) = (_timer, null);
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TransferPriority PriorityOf(TransferJob job)
    {
        lock (job.Gate)
        {
            return job.Options.Priority;
        }
    }

    /// <summary>"blocked by the bandwidth schedule until 17:00", or "… until Mon 08:00" when that is a day or more away.</summary>
    private string Reason(BandwidthInForce inForce)
    {
        if (inForce.Until is not { } until)
        {
            return HeldReason + ", which holds background jobs at all times";
        }

        var format = until - _time.GetUtcNow() < TimeSpan.FromDays(1) ? "HH:mm" : "ddd HH:mm";
        return $"{HeldReason} until {until.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>Takes the limit of this moment: sets the bucket, wakes waiting jobs to decide again, stops held ones, re-arms the timer.</summary>
    private void Refresh()
    {
        TaskCompletionSource signal;
        Watch[] watches;
        bool held;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var inForce = _timetable.InForceAt(_time.GetUtcNow());
            _inForce = inForce;

            // Zero holds the jobs instead; the bucket keeps its rate for when they go again. Setting the same rate again
            // would only forget the bucket's savings.
            if (!inForce.HoldsBackgroundJobs && _background.Rate != inForce.Limit)
            {
                _background.Rate = inForce.Limit;
            }

            (signal, _changed) = (_changed, NewSignal());
            watches = [.. _watches];
            held = inForce.HoldsBackgroundJobs;
            ArmLocked(inForce.Until);
        }

        signal.TrySetResult();
        if (held)
        {
            foreach (var watch in watches)
            {
                watch.Check();
            }
        }
    }

    private void ArmLocked(DateTimeOffset? until)
    {
        if (until is not { } at)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var sleep = at - _time.GetUtcNow();
        sleep = sleep < ShortestSleep ? ShortestSleep : sleep > LongestSleep ? LongestSleep : sleep;
        if (_timer is null)
        {
            _timer = _time.CreateTimer(_ => Refresh(), null, sleep, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(sleep, Timeout.InfiniteTimeSpan);
        }
    }

    private void Unfollow(Watch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }
    }

    private sealed class Watch(BandwidthScheduleGate gate, TransferJob job) : IDisposable
    {
        private readonly YieldSignal _signal = new();

        public CancellationToken Token => _signal.Token;

        /// <summary>The schedule holds background jobs: stop the attempt unless the job is Foreground.</summary>
        public void Check()
        {
            if (PriorityOf(job) != TransferPriority.Foreground)
            {
                _signal.Yield();
            }
        }

        public void Dispose()
        {
            gate.Unfollow(this);
            _signal.Dispose();
        }
    }
}
