using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Watching;

/// <summary>
/// What the host sent that a watch has not reported yet, between the subscriptions' readers, which must never wait
/// (the client would drop events), and the one reader that reports, which may (its output may be a slow pipe).
/// Everything but progress is kept, in arrival order. A job's progress is coalesced to its newest report, released at
/// most once per interval after the last one reported, and dropped when a newer event of the job, which carries the
/// bytes too, arrives. Past the limit the backlog is emptied and replaced by one <see cref="ReadAgain"/> of every job:
/// a reader that stops costs bounded memory, and still learns where each job stands when it reads again.
/// </summary>
internal sealed class WatchBacklog
{
    private readonly object _lock = new();
    private readonly Queue<WatchItem> _ordered = new();
    private readonly Dictionary<Guid, EventArrived> _progress = [];
    private readonly Dictionary<Guid, long> _progressReportedAt = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _progressInterval;
    private readonly bool _keepProgress;
    private readonly int _limit;
    private long _sequence;
    private long _received;
    private long _overflows;
    private TaskCompletionSource _arrived = NewSignal();

    public WatchBacklog(TransferWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = options.TimeProvider;
        _progressInterval = options.ProgressInterval;
        _keepProgress = options.IncludeProgress;
        _limit = options.BacklogLimit;
    }

    /// <summary>How many events have been handed in (tests wait on it).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many times the backlog passed its limit and was replaced by a read of every job.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>An event from the host. Never waits.</summary>
    public void Add(TransferEventKind kind, TransferInfo transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        lock (_lock)
        {
            _received++;
            var item = new EventArrived(++_sequence, _time.GetUtcNow(), kind, transfer);
            if (kind == TransferEventKind.Progress)
            {
                if (_keepProgress)
                {
                    _progress[transfer.Id] = item;
                }
            }
            else
            {
                _progress.Remove(transfer.Id);
                Enqueue(item);
            }

            Signal();
        }
    }

    /// <summary>Events were lost: the reader reads <paramref name="transferId"/> again (null: every job it watches).</summary>
    public void AddReadAgain(Guid? transferId)
    {
        lock (_lock)
        {
            Enqueue(new ReadAgain(++_sequence, _time.GetUtcNow(), transferId));
            Signal();
        }
    }

    /// <summary>A subscription failed; the reader meets the failure after what arrived before it.</summary>
    public void Fail(Exception reason)
    {
        lock (_lock)
        {
            // Never dropped by the limit: it is the last item there will be.
            _ordered.Enqueue(new WatchFailed(++_sequence, _time.GetUtcNow(), reason));
            Signal();
        }
    }

    /// <summary>The reader reported progress of the job now: its next progress waits an interval.</summary>
    public void ProgressReported(Guid transferId)
    {
        lock (_lock)
        {
            _progressReportedAt[transferId] = _time.GetTimestamp();
        }
    }

    /// <summary>The reader no longer needs to know when it last reported progress of a job that is over.</summary>
    public void Forget(Guid transferId)
    {
        lock (_lock)
        {
            _progressReportedAt.Remove(transferId);
            _progress.Remove(transferId);
        }
    }

    /// <summary>The next item to report, in arrival order among those that are due; waits for one.</summary>
    public async Task<WatchItem> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            TimeSpan? wait;
            lock (_lock)
            {
                if (TryTake(out var item, out wait))
                {
                    return item;
                }

                arrived = _arrived.Task;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = wait is { } due ? Task.Delay(due, _time, wake.Token) : Task.Delay(Timeout.Infinite, wake.Token);
            await Task.WhenAny(arrived, delay).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private bool TryTake(out WatchItem item, out TimeSpan? wait)
    {
        var now = _time.GetTimestamp();
        EventArrived? progress = null;
        wait = null;
        foreach (var (id, pending) in _progress)
        {
            var left = _progressReportedAt.TryGetValue(id, out var reportedAt) ? _progressInterval - _time.GetElapsedTime(reportedAt, now) : TimeSpan.Zero;
            if (left > TimeSpan.Zero)
            {
                wait = wait is { } sooner && sooner < left ? sooner : left;
            }
            else if (progress is null || pending.Sequence < progress.Sequence)
            {
                progress = pending;
            }
        }

        if (_ordered.TryPeek(out var head) && (progress is null || head.Sequence < progress.Sequence))
        {
            item = _ordered.Dequeue();
            return true;
        }

        if (progress is not null)
        {
            _progress.Remove(progress.Transfer.Id);
            item = progress;
            return true;
        }

        item = null!;
        if (_arrived.Task.IsCompleted)
        {
            _arrived = NewSignal();
        }

        return false;
    }

    private void Enqueue(WatchItem item)
    {
        if (_ordered.Count >= _limit)
        {
            // One read of every job covers what is dropped, this item included.
            _overflows++;
            _ordered.Clear();
            _progress.Clear();
            _ordered.Enqueue(new ReadAgain(item.Sequence, item.Time, TransferId: null));
            return;
        }

        _ordered.Enqueue(item);
    }

    private void Signal() => _arrived.TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
