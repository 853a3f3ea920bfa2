using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Scheduling;

/// <summary>Permission for one job to transfer; disposing it hands the slot to the next waiting job.</summary>
internal sealed class JobSlot : IDisposable
{
    private readonly JobScheduler _scheduler;
    private readonly CancellationTokenSource _preemption = new();

    public JobSlot(JobScheduler scheduler, TransferJob job, TransferPriority priority)
    {
        _scheduler = scheduler;
        Job = job;
        Priority = priority;
    }

    public TransferJob Job { get; }

    public TransferPriority Priority { get; }

    /// <summary>Cancelled when a job of higher priority needs this slot.</summary>
    public CancellationToken Preempted => _preemption.Token;

    public bool WasPreempted => _preemption.IsCancellationRequested;

    public void Preempt() => _preemption.Cancel();

    public void Dispose()
    {
        _scheduler.Release(this);
        _preemption.Dispose();
    }
}
