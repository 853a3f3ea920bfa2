using BitsLite.Engine.Network;
using BitsLite.Engine.Running;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// What the engine does to jobs by itself: picks up the live jobs when it opens (resuming those that were active),
/// cancels jobs left untouched for the inactivity timeout, and retries at once the jobs that wait after a network
/// failure when the network changes.
/// </summary>
internal sealed class JobSweeps(TransferEngineOptions options, JobStore store, JobStateChanger changer, LiveJobs live, JobRunners runners, JobOperations operations)
{
    /// <summary>Takes the store's live jobs into memory and starts the ones that were active when the last engine stopped.</summary>
    public void LoadLiveJobs()
    {
        foreach (var job in store.LoadLive())
        {
            live.Track(job);
            if (TransferStateMachine.IsActive(job.State))
            {
                // It was running when the last engine stopped: queue it again, keeping its retry clock.
                changer.Requeue(job);
                runners.Start(job);
            }
        }
    }

    /// <summary>Cancels live jobs that have not changed or progressed for the inactivity timeout; returns how many.</summary>
    public async Task<int> ExpireInactiveJobsAsync()
    {
        var cutoff = changer.Now - options.InactivityTimeout;
        var expired = Array.FindAll(live.All(), j =>
        {
            lock (j.Gate)
            {
                return j.ModificationTime < cutoff && j.LastProgressTime < cutoff;
            }
        });

        foreach (var job in expired)
        {
            var error = new TransferError
            {
                Context = TransferErrorContext.GeneralQueueManager,
                Description = $"Cancelled after {options.InactivityTimeout.TotalDays:0.#} days without activity.",
                Time = changer.Now,
            };
            await operations.CancelAsync(job, error).ConfigureAwait(false);
        }

        return expired.Length;
    }

    /// <summary>
    /// Retries now every job that waits out its retry interval after a network failure (the network changed, so it may
    /// work now): its runner starts again, keeping the job's retry clock. Jobs that an HTTP error put there keep waiting.
    /// </summary>
    public async Task<int> RetryNetworkFailuresAsync()
    {
        var retried = 0;
        foreach (var job in live.All().Where(NetworkFailures.IsWaitingToRetry))
        {
            await runners.StopAsync(job).ConfigureAwait(false);
            lock (job.Gate)
            {
                // The runner may have given up (Error) just before it stopped.
                if (!TransferStateMachine.IsActive(job.State))
                {
                    continue;
                }
            }

            runners.Start(job);
            retried++;
        }

        return retried;
    }
}
