using BitsLite.Client.Watching;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using static BitsLite.Host.Tests.Watching.WatchSnapshots;

namespace BitsLite.Host.Tests.Watching;

/// <summary>
/// What a watch reports of each snapshot: every state change once, chained to the state reported before it; progress
/// only when bytes moved in the state reported; and for an event older than what was reported, nothing but a request to
/// read the job again (the host publishes some changes outside the job's lock, so they can arrive out of order).
/// </summary>
public sealed class ReportedJobsTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public void EachStateChange_IsReportedOnce_WithTheStateReportedBeforeIt()
    {
        var jobs = Named(A);
        Assert.Equal(TransferWatchEventKind.Current, jobs.Read(Job(A, TransferState.Queued), Start, resync: false)!.Kind);

        var changed = Single(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Connecting, modifiedAfter: 1), Start));
        Assert.Equal((TransferWatchEventKind.StateChanged, TransferState.Queued, TransferState.Connecting, false), (changed.Kind, changed.PreviousState, changed.Transfer.State, changed.Resync));
        Assert.Empty(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Connecting, modifiedAfter: 1), Start).Events);
    }

    [Fact]
    public void ANewReasonToWaitInQueued_IsAStateChange()
    {
        var jobs = Named(A);
        jobs.Read(Job(A, TransferState.Queued), Start, resync: false);

        var changed = Single(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Queued, queueReason: "waiting for an unmetered network"), Start));

        Assert.Equal((TransferState.Queued, TransferState.Queued, "waiting for an unmetered network"), (changed.PreviousState, changed.Transfer.State, changed.Transfer.QueueReason));
    }

    [Fact]
    public void AnEventOlderThanWhatWasReported_ReportsNothing_AndAsksForTheJobToBeReadAgain()
    {
        var jobs = Named(A);
        jobs.Read(Job(A, TransferState.Queued, modifiedAfter: 1), Start, resync: false);
        Single(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Connecting, modifiedAfter: 2), Start));

        // Queued with a reason, announced outside the lock, arrives after the move to Connecting.
        var (events, readAgain) = jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Queued, modifiedAfter: 1, queueReason: "held"), Start);

        Assert.Empty(events);
        Assert.True(readAgain);
        Assert.Null(jobs.Read(Job(A, TransferState.Connecting, modifiedAfter: 2), Start, resync: false));
    }

    [Fact]
    public void Progress_IsReportedOnlyWhenBytesMoved_InTheStateReported()
    {
        var jobs = Named(A);
        jobs.Read(Job(A, TransferState.Transferring, bytes: 10), Start, resync: false);

        Assert.Equal(20, Single(jobs.Arrived(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 20), Start)).Transfer.BytesTransferred);
        Assert.Empty(jobs.Arrived(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 20), Start).Events);
        Single(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Suspended, bytes: 25, modifiedAfter: 1), Start));

        // Taken just before the suspension, delivered after it.
        var (late, readAgain) = jobs.Arrived(TransferEventKind.Progress, Job(A, TransferState.Transferring, bytes: 24), Start);
        Assert.Empty(late);
        Assert.False(readAgain);
    }

    [Fact]
    public void FilesAddedToATransferredJob_ReportTheRequeueAndTheChange()
    {
        var jobs = Named(A);
        jobs.Read(Job(A, TransferState.Transferred, bytes: 1000), Start, resync: false);

        var (events, _) = jobs.Arrived(TransferEventKind.Changed, Job(A, TransferState.Queued, bytes: 1000, modifiedAfter: 1), Start);

        Assert.Equal([TransferWatchEventKind.StateChanged, TransferWatchEventKind.Changed], events.Select(e => e.Kind));
        Assert.Equal(TransferState.Transferred, events[0].PreviousState);
    }

    [Fact]
    public void AReadAfterLostEvents_ReportsWhereTheJobStands_AsAResyncStateChange()
    {
        var jobs = Named(A);
        jobs.Read(Job(A, TransferState.Transferring, bytes: 10), Start, resync: false);

        var changed = jobs.Read(Job(A, TransferState.Transferred, bytes: 1000, modifiedAfter: 5), Start, resync: true)!;

        Assert.Equal((TransferWatchEventKind.StateChanged, TransferState.Transferring, TransferState.Transferred, true), (changed.Kind, changed.PreviousState, changed.Transfer.State, changed.Resync));
    }

    [Fact]
    public void FollowingEveryJob_ANewJobIsCreated_AndOneFirstSeenLaterIsCurrent_ButProgressAloneIntroducesNone()
    {
        var jobs = new ReportedJobs(null, _time);

        Assert.Equal(TransferWatchEventKind.Created, Single(jobs.Arrived(TransferEventKind.Created, Job(A, TransferState.Queued), Start)).Kind);
        Assert.Empty(jobs.Arrived(TransferEventKind.Progress, Job(B, TransferState.Transferring, bytes: 5), Start).Events);
        Assert.Equal(TransferWatchEventKind.Current, Single(jobs.Arrived(TransferEventKind.StateChanged, Job(B, TransferState.Transferring), Start)).Kind);
    }

    [Fact]
    public void FollowingEveryJob_JobsOverForAMinute_AreForgotten()
    {
        var jobs = new ReportedJobs(null, _time);
        jobs.Read(Job(A, TransferState.Transferred), Start, resync: false);
        jobs.Read(Job(B, TransferState.Transferring), Start, resync: false);
        Single(jobs.Arrived(TransferEventKind.StateChanged, Job(A, TransferState.Acknowledged, modifiedAfter: 1), Start));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(jobs.ForgetFinished());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([A], jobs.ForgetFinished());
        Assert.Null(jobs.Find(A));
        Assert.NotNull(jobs.Find(B));
    }

    private ReportedJobs Named(params Guid[] ids) => new(ids, _time);

    private static TransferWatchEvent Single((List<TransferWatchEvent> Events, bool ReadAgain) reported)
    {
        Assert.False(reported.ReadAgain);
        return Assert.Single(reported.Events);
    }
}
