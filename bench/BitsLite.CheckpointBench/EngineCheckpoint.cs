using BitsLite.Engine.Events;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Notifications;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Transfers;

namespace BitsLite.CheckpointBench;

/// <summary>
/// The only file of the benchmark that uses the engine's internals (InternalsVisibleTo in BitsLite.Engine.csproj).
/// When the store changes, this file changes; Program.cs, the timing and the report do not.
/// </summary>
/// <remarks>
/// <para>
/// <b>What <see cref="Write"/> does, and what is timed:</b> one progress checkpoint of one file, as the engine
/// records it after the fsync of that file's data has returned (FileDownloader.RecordFlushed, every 2 s and every
/// 64 MiB per active file): <c>JobStateChanger.Checkpoint(job, file, f =&gt; f.CheckpointedBytes = n)</c>. Before the
/// store redesign that took the job's lock and called <c>JobStore.SaveProgress</c>: one transaction with an UPDATE of
/// the file's row and <c>UpdateJob</c> (every job column: both passwords encrypted again with AES-GCM, the proxy and
/// notification JSON serialised again), then COMMIT. Since the redesign the same call updates only the file's row
/// (bytes and <c>progress_ms</c>) for a download, which appends the changed pages to the -wal file (no fsync at
/// <c>synchronous = NORMAL</c>; SQLite's automatic WAL checkpoint runs inside a commit every ~1,000 pages).
/// </para>
/// <para>
/// Not timed: the fsync of the data file that precedes a checkpoint, the progress event, and <see cref="Advance"/>
/// (what the copy loop changes in memory between two checkpoints).
/// </para>
/// <para>
/// <b>After the redesign</b>, <see cref="Write"/> must call whatever the engine then calls to record a file's
/// checkpoint (the new progress-only save; through JobStateChanger if the engine still goes through it), so that the
/// same operation is timed: "the engine has fsynced file N up to byte B; put that on record".
/// </para>
/// </remarks>
internal sealed class EngineCheckpoint : IDisposable
{
    private readonly JobStore _store;
    private readonly JobStateChanger _changer;
    private readonly TransferJob _job;

    private EngineCheckpoint(JobStore store, JobStateChanger changer, TransferJob job)
    {
        _store = store;
        _changer = changer;
        _job = job;
    }

    public int FileCount => _job.Files.Count;

    /// <summary>
    /// Opens the store as the engine does (WAL, synchronous NORMAL) and loads the job as a host loads it when it starts.
    /// Then puts the job where a download has it: Transferring, and each file with what its first response told
    /// (length, validator, part file identity), recorded the way the engine records it.
    /// </summary>
    public static EngineCheckpoint Open(string databasePath, Guid jobId, long fileLength)
    {
        var store = JobStore.Open(databasePath);
        try
        {
            var job = store.LoadLive().Single(j => j.Id == jobId);
            var directory = Path.GetDirectoryName(store.Path)!;
            var changer = new JobStateChanger(store, new TransferEventHub(), TimeProvider.System, new NotificationLauncher(directory, log: null));

            // Through the state machine without a runner: the changer only records moves, it starts nothing.
            changer.TryChangeByRunner(job, job.RunId, TransferState.Queued);
            changer.TryChangeByRunner(job, job.RunId, TransferState.Transferring);
            foreach (var file in job.Files)
            {
                changer.Checkpoint(job, file, f =>
                {
                    f.TempIdentity = new PartFileIdentity(2049, 3_145_728 + (ulong)f.Index, 1000);
                    f.Validator = "\"6788f3a1-40000000\"";
                    f.BytesTotal = fileLength;
                });
            }

            return new EngineCheckpoint(store, changer, job);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Not timed: the copy loop's in-memory bookkeeping between two checkpoints (bytes written, progress clock).</summary>
    public void Advance(int fileIndex, long bytes)
    {
        lock (_job.Gate)
        {
            var file = _job.Files[fileIndex];
            file.BytesTransferred = bytes;
            file.HighWater = Math.Max(file.HighWater, bytes);
            _job.LastProgressTime = _changer.Now;
        }
    }

    /// <summary>Timed: records that file <paramref name="fileIndex"/> is on disk up to <paramref name="bytes"/>.</summary>
    public void Write(int fileIndex, long bytes) =>
        _changer.Checkpoint(_job, _job.Files[fileIndex], f => f.CheckpointedBytes = bytes);

    public void Dispose() => _store.Dispose();
}
