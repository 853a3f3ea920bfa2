using System.Runtime.InteropServices;
using BitsLite.Engine.Requests;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// The jobs that are neither completed nor cancelled, in memory, with what must be unique among them (destinations and
/// reply files) and how many each owner has. Thread-safe; a job's own fields stay under its lock.
/// </summary>
internal sealed class LiveJobs
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, TransferJob> _jobs = [];

    // Live jobs per owner, kept with _jobs: counting them on every create made filling a big store quadratic.
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _destinations = new(TransferFileValidator.PathComparer);

    /// <summary>How many jobs are live and how many of them are active right now.</summary>
    public EngineActivity Activity
    {
        get
        {
            lock (_lock)
            {
                // A torn read of one job's state is harmless here: the count is a snapshot either way.
                var active = _jobs.Values.Count(j => TransferStateMachine.IsActive(j.State));
                return new EngineActivity(_jobs.Count, active);
            }
        }
    }

    /// <summary>A copy of the live jobs, to go through without the lock.</summary>
    public TransferJob[] All()
    {
        lock (_lock)
        {
            return [.. _jobs.Values];
        }
    }

    public TransferJob? Find(Guid id)
    {
        lock (_lock)
        {
            return _jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>How many live jobs <paramref name="owner"/> has.</summary>
    public int OwnedBy(string owner)
    {
        lock (_lock)
        {
            return _byOwner.GetValueOrDefault(owner);
        }
    }

    /// <summary>Whether a live job already writes to (or uploads to) <paramref name="destination"/>.</summary>
    public bool IsTaken(string destination)
    {
        lock (_lock)
        {
            return _destinations.ContainsKey(destination);
        }
    }

    /// <summary>Starts keeping <paramref name="job"/> (again, after files were added: their destinations join).</summary>
    public void Track(TransferJob job)
    {
        lock (_lock)
        {
            if (_jobs.TryAdd(job.Id, job))
            {
                _byOwner[job.Owner] = _byOwner.GetValueOrDefault(job.Owner) + 1;
            }

            foreach (var file in job.Files)
            {
                _destinations[file.Destination] = job.Id;
            }

            if (job.ReplyFile is not null)
            {
                _destinations[job.ReplyFile] = job.Id;
            }
        }
    }

    /// <summary>Stops keeping a completed or cancelled job; its destinations are free again.</summary>
    public void Untrack(TransferJob job)
    {
        lock (_lock)
        {
            if (_jobs.Remove(job.Id) && --CollectionsMarshal.GetValueRefOrNullRef(_byOwner, job.Owner) == 0)
            {
                _byOwner.Remove(job.Owner);
            }

            foreach (var destination in job.Files.Select(f => f.Destination).Append(job.ReplyFile))
            {
                if (destination is not null && _destinations.TryGetValue(destination, out var owner) && owner == job.Id)
                {
                    _destinations.Remove(destination);
                }
            }
        }
    }
}
