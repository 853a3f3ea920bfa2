using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Scheduling;

/// <summary>
/// Hands out a fixed number of transfer slots: Foreground before High before Normal before Low,
/// first come first served within a priority. A waiting job of higher priority pre-empts the
/// lowest running one. Work is proportional to the jobs that want a slot, never to stored jobs.
/// </summary>
internal sealed class JobScheduler
{
    private readonly Lock _lock = new();
    private readonly List<JobSlot> _active = [];
    private readonly SortedSet<Waiter> _waiting = new(Comparer<Waiter>.Create(static (a, b) => Compare(a.Priority, a.Job.Sequence, b.Priority, b.Job.Sequence)));
    private readonly Dictionary<Guid, Waiter> _waitingByJob = [];
    private int _capacity;

    public JobScheduler(int capacity) => _capacity = capacity;

    /// <summary>How many jobs may transfer at once; raising it starts waiting jobs at once.</summary>
    public int Capacity
    {
        get
        {
            lock (_lock)
            {
                return _capacity;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_lock)
            {
                _capacity = value;
                GrantWaiting();
            }
        }
    }

    /// <summary>Jobs holding a slot now.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Jobs waiting for a slot now.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Waits for a slot for <paramref name="job"/> at its current priority.</summary>
    public async Task<JobSlot> AcquireAsync(TransferJob job, TransferPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_active.Count < _capacity && (_waiting.Count == 0 || Compare(priority, job.Sequence, _waiting.Min!.Priority, _waiting.Min.Job.Sequence) < 0))
            {
                var slot = new JobSlot(this, job, priority);
                _active.Add(slot);
                return slot;
            }

            waiter = new Waiter(job, priority);
            _waiting.Add(waiter);
            _waitingByJob[job.Id] = waiter;
            PreemptFor(priority);
        }

        using (cancellationToken.Register(() => Withdraw(waiter, cancellationToken)))
        {
            return await waiter.Granted.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Moves a waiting job to its new priority's place in the queue.</summary>
    public void Reprioritize(TransferJob job, TransferPriority priority)
    {
        lock (_lock)
        {
            if (!_waitingByJob.TryGetValue(job.Id, out var waiter))
            {
                return;
            }

            _waiting.Remove(waiter);
            var moved = new Waiter(job, priority, waiter.Granted);
            _waiting.Add(moved);
            _waitingByJob[job.Id] = moved;
            PreemptFor(priority);
        }
    }

    internal void Release(JobSlot slot)
    {
        lock (_lock)
        {
            if (_active.Remove(slot))
            {
                GrantWaiting();
            }
        }
    }

    private void Withdraw(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_waitingByJob.TryGetValue(waiter.Job.Id, out var current) && _waiting.Remove(current))
            {
                _waitingByJob.Remove(waiter.Job.Id);
                current.Granted.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void GrantWaiting()
    {
        while (_active.Count < _capacity && _waiting.Min is { } next)
        {
            _waiting.Remove(next);
            _waitingByJob.Remove(next.Job.Id);
            var slot = new JobSlot(this, next.Job, next.Priority);
            _active.Add(slot);
            // Continuations run asynchronously (see Waiter), never inside this lock.
            next.Granted.TrySetResult(slot);
        }
    }

    /// <summary>When every slot is taken, asks the lowest-priority, most recent job that ranks below <paramref name="priority"/> to step aside.</summary>
    private void PreemptFor(TransferPriority priority)
    {
        if (_active.Count < _capacity)
        {
            return;
        }

        JobSlot? victim = null;
        foreach (var slot in _active)
        {
            if (!slot.WasPreempted && slot.Priority > priority &&
                (victim is null || Compare(slot.Priority, slot.Job.Sequence, victim.Priority, victim.Job.Sequence) > 0))
            {
                victim = slot;
            }
        }

        victim?.Preempt();
    }

    private static int Compare(TransferPriority a, long aSequence, TransferPriority b, long bSequence) =>
        a != b ? a.CompareTo(b) : aSequence.CompareTo(bSequence);

    private sealed record Waiter(TransferJob Job, TransferPriority Priority, TaskCompletionSource<JobSlot> Granted)
    {
        public Waiter(TransferJob job, TransferPriority priority)
            : this(job, priority, new TaskCompletionSource<JobSlot>(TaskCreationOptions.RunContinuationsAsynchronously)) { }
    }
}
