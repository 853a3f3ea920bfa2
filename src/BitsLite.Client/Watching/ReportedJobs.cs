using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Watching;

/// <summary>
/// What a watch has reported of each job, and so what a new snapshot of it has to report: a state change only when the
/// state (or a Queued job's reason) differs from the last one reported, progress only when the bytes moved. A snapshot
/// older than the one reported (by modification time: the host publishes some changes outside the job's lock, so two
/// events of one job can arrive in the wrong order) reports nothing; the job is read again instead. Not thread-safe:
/// the watch's one reader owns it.
/// </summary>
internal sealed class ReportedJobs
{
    /// <summary>How long a job that is over is remembered when every job is followed, so that late events of it are known.</summary>
    private static readonly TimeSpan KeepFinishedFor = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, TransferInfo> _jobs = [];
    private readonly Queue<(Guid Id, long At)> _finished = new();
    private readonly TimeProvider _time;

    public ReportedJobs(IReadOnlyCollection<Guid>? named, TimeProvider time)
    {
        Named = named;
        _time = time;
    }

    /// <summary>The jobs a watch follows until they settle; <see langword="null"/> when it follows every job.</summary>
    public IReadOnlyCollection<Guid>? Named { get; }

    /// <summary>The jobs reported so far, each as last reported.</summary>
    public IEnumerable<TransferInfo> Jobs => _jobs.Values;

    /// <summary>The job as last reported, if it was.</summary>
    public TransferInfo? Find(Guid id) => _jobs.GetValueOrDefault(id);

    /// <summary>What a snapshot read from the host (at the start, or after lost or stale events) reports.</summary>
    public TransferWatchEvent? Read(TransferInfo transfer, DateTimeOffset time, bool resync)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (!_jobs.TryGetValue(transfer.Id, out var known))
        {
            Remember(transfer);
            return new TransferWatchEvent { Kind = TransferWatchEventKind.Current, Time = time, Transfer = transfer };
        }

        // What the host says now is the truth, even should its clock have gone back since the last report.
        Remember(transfer);
        return StateDiffers(known, transfer) ? StateChanged(known, transfer, time, resync) : null;
    }

    /// <summary>
    /// What an event reports (none, one, or a state change and a change of settings), and whether the job must be read
    /// again because the event is older than what was reported.
    /// </summary>
    public (List<TransferWatchEvent> Events, bool ReadAgain) Arrived(TransferEventKind kind, TransferInfo transfer, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var events = new List<TransferWatchEvent>();
        if (!_jobs.TryGetValue(transfer.Id, out var known))
        {
            // Progress of a job never reported belongs to one that is over (and forgotten), or comes before its Created.
            if (kind != TransferEventKind.Progress)
            {
                Remember(transfer);
                events.Add(new TransferWatchEvent { Kind = kind == TransferEventKind.Created ? TransferWatchEventKind.Created : TransferWatchEventKind.Current, Time = time, Transfer = transfer });
            }

            return (events, false);
        }

        if (kind == TransferEventKind.Progress)
        {
            // A report taken just before a state change may arrive after it; the change's own event carries its bytes.
            if (transfer.State == known.State && transfer.ModificationTime >= known.ModificationTime && ProgressDiffers(known, transfer))
            {
                Remember(transfer);
                events.Add(new TransferWatchEvent { Kind = TransferWatchEventKind.Progress, Time = time, Transfer = transfer });
            }

            return (events, false);
        }

        if (transfer.ModificationTime < known.ModificationTime)
        {
            return (events, true);
        }

        if (StateDiffers(known, transfer))
        {
            events.Add(StateChanged(known, transfer, time, resync: false));
        }

        if (kind == TransferEventKind.Changed)
        {
            events.Add(new TransferWatchEvent { Kind = TransferWatchEventKind.Changed, Time = time, Transfer = transfer });
        }

        Remember(transfer);
        return (events, false);
    }

    /// <summary>Forgets a job the host no longer has.</summary>
    public void Forget(Guid id) => _jobs.Remove(id);

    /// <summary>
    /// When every job is followed, forgets the ones that have been over (Acknowledged or Cancelled) for a minute, so that
    /// a watch that runs for months holds only the jobs that can still change. Returns their ids.
    /// </summary>
    public List<Guid> ForgetFinished()
    {
        var forgotten = new List<Guid>();
        var now = _time.GetTimestamp();
        while (Named is null && _finished.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.At, now) >= KeepFinishedFor)
        {
            _finished.Dequeue();
            if (_jobs.TryGetValue(oldest.Id, out var known) && IsOver(known.State))
            {
                _jobs.Remove(oldest.Id);
                forgotten.Add(oldest.Id);
            }
        }

        return forgotten;
    }

    private void Remember(TransferInfo transfer)
    {
        var wasOver = _jobs.TryGetValue(transfer.Id, out var known) && IsOver(known.State);
        _jobs[transfer.Id] = transfer;
        if (!wasOver && IsOver(transfer.State))
        {
            _finished.Enqueue((transfer.Id, _time.GetTimestamp()));
        }
    }

    private static TransferWatchEvent StateChanged(TransferInfo last, TransferInfo now, DateTimeOffset time, bool resync) => new()
    {
        Kind = TransferWatchEventKind.StateChanged,
        Time = time,
        Transfer = now,
        PreviousState = last.State,
        Resync = resync,
    };

    private static bool StateDiffers(TransferInfo last, TransferInfo now) =>
        now.State != last.State || !string.Equals(now.QueueReason, last.QueueReason, StringComparison.Ordinal);

    private static bool ProgressDiffers(TransferInfo last, TransferInfo now) =>
        now.BytesTransferred != last.BytesTransferred || now.BytesTotal != last.BytesTotal || now.FilesTransferred != last.FilesTransferred
        || now.FilesTotal != last.FilesTotal || now.ReplyBytesTransferred != last.ReplyBytesTransferred;

    private static bool IsOver(TransferState state) => state is TransferState.Acknowledged or TransferState.Cancelled;
}
