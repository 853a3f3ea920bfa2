using BitsLite.Client.Watching;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using static BitsLite.Host.Tests.Watching.WatchSnapshots;

namespace BitsLite.Host.Tests.Watching;

/// <summary>
/// The backlog between a watch's subscriptions and its reader: state changes are never dropped or reordered, progress
/// is coalesced and paced per job, and a reader that stops costs bounded memory. On a clock the tests move.
/// </summary>
public sealed class WatchBacklogTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task StateChanges_AreAllKeptInOrder_WhileAJobsProgressIsCoalescedToTheNewest()
    {
        var backlog = Backlog();
        backlog.Add(TransferEventKind.StateChanged, Job(A, TransferState.Transferring));
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 10));
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 20));
        backlog.Add(TransferEventKind.StateChanged, Job(B, TransferState.Queued));
        backlog.Add(TransferEventKind.StateChanged, Job(B, TransferState.Connecting));
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 30));

        Assert.Equal((A, TransferState.Transferring, 0), Describe(await TakeAsync(backlog)));
        Assert.Equal((B, TransferState.Queued, 0), Describe(await TakeAsync(backlog)));
        Assert.Equal((B, TransferState.Connecting, 0), Describe(await TakeAsync(backlog)));
        Assert.Equal((A, TransferState.Transferring, 30), Describe(await TakeAsync(backlog)));
        Assert.False(backlog.TakeAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task AJobsNextProgress_WaitsAnIntervalAfterTheLastReported_AndTheLastOfABurstStillComes()
    {
        var backlog = Backlog();
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 10));
        Assert.Equal(10, Describe(await TakeAsync(backlog)).Bytes);
        backlog.ProgressReported(A);

        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 20));
        var next = backlog.TakeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 30));
        backlog.Add(TransferEventKind.Progress, Job(B, TransferState.Transferring, bytes: 5));

        // Another job's progress is not held back by this one's.
        Assert.Equal((B, TransferState.Transferring, 5), Describe(await next.WaitAsync(Soon)));
        var held = backlog.TakeAsync(CancellationToken.None);
        Assert.False(held.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal((A, TransferState.Transferring, 30), Describe(await held.WaitAsync(Soon)));
    }

    [Fact]
    public async Task ANewerEventOfAJob_ReplacesTheProgressItHeld()
    {
        var backlog = Backlog();
        backlog.ProgressReported(A);
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 20));
        backlog.Add(TransferEventKind.StateChanged, Job(A, TransferState.Suspended, bytes: 25));

        Assert.Equal((A, TransferState.Suspended, 25), Describe(await TakeAsync(backlog)));
        var none = backlog.TakeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(none.IsCompleted);
    }

    [Fact]
    public async Task PastItsLimit_TheBacklogIsReplacedByOneReadOfEveryJob_AndGoesOn()
    {
        var backlog = Backlog(limit: 3);
        foreach (var state in new[] { TransferState.Queued, TransferState.Connecting, TransferState.Transferring, TransferState.Suspended, TransferState.Queued })
        {
            backlog.Add(TransferEventKind.StateChanged, Job(A, state));
        }

        var readAgain = Assert.IsType<ReadAgain>(await TakeAsync(backlog));
        Assert.Null(readAgain.TransferId);
        Assert.Equal((A, TransferState.Queued, 0), Describe(await TakeAsync(backlog)));
        Assert.Equal(1, backlog.Overflows);
        Assert.Equal(5, backlog.Received);
    }

    [Fact]
    public async Task ALostConnection_IsMetAfterWhatArrivedBeforeIt()
    {
        var backlog = Backlog();
        backlog.Add(TransferEventKind.StateChanged, Job(A, TransferState.Transferred));
        backlog.Fail(new InvalidOperationException("gone"));

        Assert.IsType<EventArrived>(await TakeAsync(backlog));
        Assert.Equal("gone", Assert.IsType<WatchFailed>(await TakeAsync(backlog)).Reason.Message);
    }

    [Fact]
    public async Task WithoutProgress_OnlyTheOtherEventsAreKept()
    {
        var backlog = new WatchBacklog(new TransferWatchOptions { IncludeProgress = false, TimeProvider = _time });
        backlog.Add(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 10));
        backlog.Add(TransferEventKind.Changed, Job(A, TransferState.Transferring, bytes: 10));

        Assert.Equal(TransferEventKind.Changed, Assert.IsType<EventArrived>(await TakeAsync(backlog)).Kind);
        Assert.False(backlog.TakeAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task AWaitingReader_IsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var take = Backlog().TakeAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take.WaitAsync(Soon));
    }

    private WatchBacklog Backlog(int limit = TransferWatchOptions.DefaultBacklogLimit) =>
        new(new TransferWatchOptions { TimeProvider = _time, BacklogLimit = limit });

    private static Task<WatchItem> TakeAsync(WatchBacklog backlog) => backlog.TakeAsync(CancellationToken.None).WaitAsync(Soon);

    private static (Guid Id, TransferState State, long Bytes) Describe(WatchItem item)
    {
        var arrived = Assert.IsType<EventArrived>(item);
        return (arrived.Transfer.Id, arrived.Transfer.State, arrived.Transfer.BytesTransferred);
    }
}
