using BitsLite.Engine.Jobs;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Queries;

/// <summary>
/// Reading jobs: live ones from memory, with their latest progress, finished ones from the store. A listing is read from
/// the store a page at a time, so a huge store is neither held in memory at once nor locks out the transfers.
/// </summary>
internal sealed class JobQueries(JobStore store, LiveJobs live)
{
    /// <exception cref="TransferException">No job has this id (<see cref="TransferErrorCode.NotFound"/>).</exception>
    public TransferInfo Get(Guid id)
    {
        if (live.Find(id) is { } job)
        {
            lock (job.Gate)
            {
                return job.ToInfo();
            }
        }

        return store.Find(id)?.ToInfo() ?? throw NotFound(id);
    }

    /// <summary>A live job by id, for an operation on it; a finished one is refused with why, an unknown one as not found.</summary>
    /// <exception cref="TransferException">NotFound, or InvalidState for a completed or cancelled job.</exception>
    public TransferJob Live(Guid id, string operation)
    {
        if (live.Find(id) is { } job)
        {
            return job;
        }

        var stored = store.Find(id) ?? throw NotFound(id);
        throw TransferStateMachine.InvalidState(stored, operation);
    }

    /// <summary>The jobs that match <paramref name="query"/>, in creation order, in pages of at most <paramref name="pageSize"/>.</summary>
    public IEnumerable<IReadOnlyList<TransferInfo>> ListPages(TransferQuery query, int pageSize)
    {
        var after = 0L;
        while (true)
        {
            var keys = store.QueryKeys(query, after, pageSize);
            if (keys.Count == 0)
            {
                yield break;
            }

            // Each job is read once, live or stored, even if it finishes meanwhile.
            var liveJobs = new Dictionary<Guid, TransferJob>();
            var stored = new List<long>();
            foreach (var (sequence, id) in keys)
            {
                if (live.Find(id) is { } job)
                {
                    liveJobs[id] = job;
                }
                else
                {
                    stored.Add(sequence);
                }
            }

            var loaded = store.LoadBySequence(stored).ToDictionary(j => j.Id);
            var page = new List<TransferInfo>(keys.Count);
            foreach (var (_, id) in keys)
            {
                if (liveJobs.TryGetValue(id, out var job))
                {
                    lock (job.Gate)
                    {
                        page.Add(job.ToInfo(!query.WithoutFiles));
                    }
                }
                else if (loaded.TryGetValue(id, out var finished))
                {
                    page.Add(finished.ToInfo(!query.WithoutFiles));
                }
            }

            yield return page;
            if (keys.Count < pageSize)
            {
                yield break;
            }

            after = keys[^1].Sequence;
        }
    }

    private static TransferException NotFound(Guid id) => new(TransferErrorCode.NotFound, $"No transfer has the id {id}.");
}
