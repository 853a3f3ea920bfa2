using BitsLite.Engine.Jobs;

namespace BitsLite.Engine.Running;

/// <summary>
/// The background task that runs each active job: at most one per job. Starting one gives the job a new run id, so a
/// runner taken off the job can no longer change it; stopping one waits until it has stopped.
/// </summary>
internal sealed class JobRunners(JobRunner runner, CancellationToken shutdown)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, RunningJob> _running = [];

    public void Start(TransferJob job)
    {
        int runId;
        lock (job.Gate)
        {
            runId = ++job.RunId;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var task = Task.Run(async () =>
        {
            await runner.RunAsync(job, runId, stop.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (_running.TryGetValue(job.Id, out var current) && current.RunId == runId)
                {
                    _running.Remove(job.Id);
                    stop.Dispose();
                }
            }
        }, CancellationToken.None);
        lock (_lock)
        {
            _running[job.Id] = new RunningJob(runId, task, stop);
        }
    }

    /// <summary>Stops the job's runner, if it has one, and waits for it; the job's state stays where the runner left it.</summary>
    public async Task StopAsync(TransferJob job)
    {
        RunningJob? running;
        lock (_lock)
        {
            _running.Remove(job.Id, out running);
        }

        if (running is null)
        {
            return;
        }

        lock (job.Gate)
        {
            // From here on the runner's own state changes are ignored.
            job.RunId++;
        }

        await running.Stop.CancelAsync().ConfigureAwait(false);
        await running.Task.ConfigureAwait(false);
        running.Stop.Dispose();
    }

    private sealed record RunningJob(int RunId, Task Task, CancellationTokenSource Stop);
}
