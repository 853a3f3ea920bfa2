using BitsLite.Engine.Events;
using BitsLite.Engine.Network;
using BitsLite.Engine.Policy;
using BitsLite.Engine.Queries;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Running;
using BitsLite.Engine.Scheduling;
using BitsLite.Engine.Storage;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// What users do to jobs: create them, add files, change their settings, and move them through their states. Each is
/// called one at a time (<see cref="TransferEngine"/> serialises them); state changes go through the state changer.
/// </summary>
internal sealed class JobOperations(
    TransferEngineOptions options,
    JobStore store,
    TransferEventHub events,
    JobStateChanger changer,
    LiveJobs live,
    JobRunners runners,
    JobFactory factory,
    JobQueries queries,
    Uploader uploader,
    JobScheduler scheduler,
    BandwidthScheduleGate schedule,
    NetworkCostGate cost)
{
    public TransferInfo Create(TransferRequest request)
    {
        var job = factory.Create(request, changer.Now);
        store.Insert(job);
        live.Track(job);
        TransferInfo info;
        lock (job.Gate)
        {
            info = job.ToInfo();
        }

        events.Publish(new TransferEvent(TransferEventKind.Created, info));
        if (!request.Suspended)
        {
            runners.Start(job);
        }

        return info;
    }

    public TransferInfo AddFiles(Guid id, IReadOnlyList<TransferFileSpec> files)
    {
        var job = queries.Live(id, "add files to");
        int count;
        lock (job.Gate)
        {
            count = job.Files.Count;
            if (job.Type != TransferType.Download)
            {
                throw new TransferException(TransferErrorCode.InvalidArgument, $"Transfer '{job.Options.DisplayName}' ({job.Id}) is an {job.Type} job, which sends exactly one file; files can be added to download jobs only.");
            }
        }

        var (info, requeued) = changer.AddFiles(job, factory.AddedFiles(count, files));
        live.Track(job);
        if (requeued)
        {
            runners.Start(job);
        }

        return info;
    }

    /// <summary>New settings from <paramref name="changes"/>; a waiting job moves to its new priority's place, or network, at once.</summary>
    public TransferInfo SetOptions(Guid id, TransferOptionsPatch changes)
    {
        var job = queries.Live(id, "change");
        TransferOptionRules.Validate(changes, options.MinimumRetryInterval);
        TransferOptions changed;
        lock (job.Gate)
        {
            changed = changes.ApplyTo(job.Options);
            TransferOptionRules.ValidateFor(job.Type, changed);
        }

        var info = changer.ChangeOptions(job, changed);
        if (changes.Priority is { } priority)
        {
            scheduler.Reprioritize(job, priority);

            // A job held by the bandwidth schedule may go now, or a running one may have to stop.
            schedule.PriorityChanged();
        }

        if (changes.TransferPolicy is not null)
        {
            // A job waiting for an unmetered network may go now, or a running one may have to stop.
            cost.PolicyChanged();
        }

        return info;
    }

    /// <summary>Queues a Suspended, Error or TransientError job (a transient one retries now). Already running: nothing happens.</summary>
    public async Task<TransferInfo> ResumeAsync(Guid id)
    {
        var job = queries.Live(id, "resume");
        lock (job.Gate)
        {
            if (job.State is TransferState.Queued or TransferState.Connecting or TransferState.Transferring or TransferState.Transferred)
            {
                return job.ToInfo();
            }

            TransferStateMachine.EnsureCanMove(job, TransferState.Queued, "resume");
            if (job.Files.Count == 0)
            {
                throw new TransferException(TransferErrorCode.EmptyJob, $"Transfer '{job.Options.DisplayName}' ({job.Id}) has no files; add files before resuming it.");
            }
        }

        await runners.StopAsync(job).ConfigureAwait(false);
        var info = changer.Change(job, TransferState.Queued, "resume", j => j.LastProgressTime = changer.Now);
        runners.Start(job);
        return info;
    }

    /// <summary>Stops a job where it is (progress is kept); it runs again only after Resume.</summary>
    public async Task<TransferInfo> SuspendAsync(Guid id)
    {
        var job = queries.Live(id, "suspend");
        lock (job.Gate)
        {
            if (job.State == TransferState.Suspended)
            {
                return job.ToInfo();
            }

            TransferStateMachine.EnsureCanMove(job, TransferState.Suspended, "suspend");
        }

        await runners.StopAsync(job).ConfigureAwait(false);
        return changer.Change(job, TransferState.Suspended, "suspend");
    }

    /// <summary>Moves each transferred file to its destination and deletes partial ones; the job is then Acknowledged.</summary>
    public TransferInfo Complete(Guid id)
    {
        var job = queries.Live(id, "complete");
        TransferInfo? info = null;
        List<(TransferFile File, string Why)> refused;
        lock (job.Gate)
        {
            TransferStateMachine.EnsureCanMove(job, TransferState.Acknowledged, "complete");
            refused = TemporaryFiles.Commit(job);
            if (refused.Count == 0)
            {
                // An upload completed before it finished leaves no session behind on the server.
                uploader.CancelSession(job);
                info = changer.Change(job, TransferState.Acknowledged, "complete");
            }
        }

        if (info is null)
        {
            throw FetchAgain(job, refused);
        }

        live.Untrack(job);
        return info;
    }

    /// <summary>Cancels a job and deletes its temporary files (destinations are not touched); <paramref name="reason"/> becomes its error.</summary>
    public async Task<TransferInfo> CancelAsync(TransferJob job, TransferError? reason = null)
    {
        lock (job.Gate)
        {
            TransferStateMachine.EnsureCanMove(job, TransferState.Cancelled, "cancel");
        }

        await runners.StopAsync(job).ConfigureAwait(false);
        uploader.CancelSession(job);
        TransferInfo info;
        lock (job.Gate)
        {
            TemporaryFiles.Delete(job);
            info = changer.Change(job, TransferState.Cancelled, "cancel", j => j.Error = reason ?? j.Error);
        }

        live.Untrack(job);
        return info;
    }

    /// <summary>
    /// Puts the files whose temporary file Complete refused back to be fetched from zero (the runner gives each a fresh
    /// temporary file), queues a Transferred job again, and returns the error that says so.
    /// </summary>
    private TransferException FetchAgain(TransferJob job, List<(TransferFile File, string Why)> refused)
    {
        foreach (var (file, why) in refused)
        {
            options.Log?.Invoke(EngineLogLevel.Warning, $"Transfer {job.Id}: the temporary file '{file.TempPath}' {why}; it was not moved, and the file is downloaded again.");
            changer.Checkpoint(job, file, f => (f.IsTransferred, f.BytesTransferred, f.CheckpointedBytes) = (false, 0, 0));
        }

        bool queued;
        lock (job.Gate)
        {
            queued = job.State == TransferState.Transferred;
        }

        if (queued)
        {
            changer.Change(job, TransferState.Queued, "complete", j => j.LastProgressTime = changer.Now);
            runners.Start(job);
        }

        var (first, reason) = refused[0];
        var what = refused.Count == 1 ? $"the temporary file '{first.TempPath}' {reason}" : $"{refused.Count} temporary files (the first, '{first.TempPath}', {reason})";
        return new TransferException(
            TransferErrorCode.LocalFileFailure,
            $"Transfer '{job.Options.DisplayName}' ({job.Id}) was not completed: {what}, so it is not what BitsLite downloaded (someone who can write to "
            + $"'{Path.GetDirectoryName(first.Destination)}' may have replaced it). "
            + (queued ? "It is being downloaded again; complete the transfer once it is Transferred again." : "Resume the transfer to download it again, then complete it."));
    }
}
