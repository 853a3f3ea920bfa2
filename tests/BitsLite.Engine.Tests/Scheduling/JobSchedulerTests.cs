using BitsLite.Engine.Jobs;
using BitsLite.Engine.Scheduling;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Scheduling;

public class JobSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private long _sequence;

    private TransferJob Job() => new() { Id = Guid.NewGuid(), Owner = "me", Sequence = ++_sequence };

    [Fact]
    public async Task Slots_AreGrantedUpToCapacity_ThenInPriorityOrder_FirstComeFirstServedWithin()
    {
        var scheduler = new JobScheduler(1);
        var holder = await scheduler.AcquireAsync(Job(), TransferPriority.Foreground, CancellationToken.None);

        var lowFirst = scheduler.AcquireAsync(Job(), TransferPriority.Low, CancellationToken.None);
        var normal = scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        var lowSecond = scheduler.AcquireAsync(Job(), TransferPriority.Low, CancellationToken.None);
        var high = scheduler.AcquireAsync(Job(), TransferPriority.High, CancellationToken.None);

        var pending = new List<Task<JobSlot>> { lowFirst, normal, lowSecond, high };
        var order = new List<Task<JobSlot>>();
        holder.Dispose();
        while (pending.Count > 0)
        {
            var next = await Task.WhenAny(pending).WaitAsync(Timeout);
            Assert.Equal(1, pending.Count(t => t.IsCompleted));
            pending.Remove(next);
            order.Add(next);
            (await next).Dispose();
        }

        Assert.Equal([high, normal, lowFirst, lowSecond], order);
    }

    [Fact]
    public async Task AHigherPriorityWaiter_PreemptsTheLowestRunningJob()
    {
        var scheduler = new JobScheduler(2);
        var normal = await scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        var low = await scheduler.AcquireAsync(Job(), TransferPriority.Low, CancellationToken.None);

        var foreground = scheduler.AcquireAsync(Job(), TransferPriority.Foreground, CancellationToken.None);

        Assert.True(low.WasPreempted);
        Assert.False(normal.WasPreempted);
        Assert.False(foreground.IsCompleted);
        low.Dispose();
        var granted = await foreground.WaitAsync(Timeout);
        Assert.Equal(TransferPriority.Foreground, granted.Priority);
    }

    [Fact]
    public async Task AnEqualPriorityWaiter_DoesNotPreempt()
    {
        var scheduler = new JobScheduler(1);
        var running = await scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        var waiting = scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        Assert.False(running.WasPreempted);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesTheQueue()
    {
        var scheduler = new JobScheduler(1);
        var running = await scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.AcquireAsync(Job(), TransferPriority.High, cts.Token);
        var next = scheduler.AcquireAsync(Job(), TransferPriority.Low, CancellationToken.None);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        running.Dispose();
        Assert.Equal(TransferPriority.Low, (await next.WaitAsync(Timeout)).Priority);
        Assert.Equal(1, scheduler.ActiveCount);
    }

    [Fact]
    public async Task RaisingCapacity_StartsWaitingJobs()
    {
        var scheduler = new JobScheduler(1);
        await scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        var waiting = scheduler.AcquireAsync(Job(), TransferPriority.Normal, CancellationToken.None);
        scheduler.Capacity = 2;
        await waiting.WaitAsync(Timeout);
        Assert.Equal(2, scheduler.ActiveCount);
    }

    [Fact]
    public async Task Reprioritize_MovesAWaiterAhead()
    {
        var scheduler = new JobScheduler(1);
        var running = await scheduler.AcquireAsync(Job(), TransferPriority.High, CancellationToken.None);
        var first = scheduler.AcquireAsync(Job(), TransferPriority.Low, CancellationToken.None);
        var laterJob = Job();
        var later = scheduler.AcquireAsync(laterJob, TransferPriority.Low, CancellationToken.None);

        scheduler.Reprioritize(laterJob, TransferPriority.Normal);
        running.Dispose();

        Assert.Equal(laterJob, (await later.WaitAsync(Timeout)).Job);
        Assert.False(first.IsCompleted);
    }
}
