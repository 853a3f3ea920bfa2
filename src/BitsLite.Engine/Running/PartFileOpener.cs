using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Running;

/// <summary>
/// Opens a job's temporary files for a transfer attempt (see <see cref="PartFile"/>): says in the log why a file was
/// refused, and puts a new file on record before any byte is written to it.
/// </summary>
internal sealed class PartFileOpener
{
    private readonly JobStateChanger _changer;
    private readonly Action<EngineLogLevel, string>? _log;

    public PartFileOpener(JobStateChanger changer, Action<EngineLogLevel, string>? log)
    {
        _changer = changer;
        _log = log;
    }

    /// <summary>
    /// A download file's temporary file. One that is not BitsLite's is left alone and the file starts again from zero
    /// in a fresh one (its checkpoint is reset on record at once).
    /// </summary>
    /// <exception cref="TransferFailure">No file could be opened or created.</exception>
    public PartFile Open(TransferJob job, TransferFile file)
    {
        string path;
        PartFileIdentity? recorded;
        lock (job.Gate)
        {
            (path, recorded) = (file.TempPath, file.TempIdentity);
        }

        var part = Open(job, path, recorded, file.Destination);

        // A file first created now is recorded with its first checkpoint (a crash before that finds it ours anyway).
        if (part.Refusal is not null || (recorded is not null && part.Identity != recorded))
        {
            Record(part, () => _changer.Checkpoint(job, file, f =>
            {
                (f.TempPath, f.TempIdentity) = (part.Path, part.Identity);
                if (part.Refusal is not null)
                {
                    (f.BytesTransferred, f.CheckpointedBytes) = (0, 0);
                }
            }));
        }

        return part;
    }

    /// <summary>An UploadReply job's reply file, empty (a reply is always fetched whole), on record.</summary>
    /// <exception cref="TransferFailure">No file could be opened or created.</exception>
    public PartFile OpenReply(TransferJob job)
    {
        string path;
        PartFileIdentity? recorded;
        lock (job.Gate)
        {
            path = job.Upload.ReplyTempPath ??= TemporaryFiles.NewPath(job.ReplyFile!);
            recorded = job.Upload.ReplyTempIdentity;
        }

        var part = Open(job, path, recorded, job.ReplyFile!);
        Record(part, () =>
        {
            if (part.Path != path || part.Identity != recorded)
            {
                _changer.Checkpoint(job, job.Files[0], _ => (job.Upload.ReplyTempPath, job.Upload.ReplyTempIdentity) = (part.Path, part.Identity));
            }

            Truncate(part, 0);
        });
        return part;
    }

    /// <summary>Cuts the file to <paramref name="length"/> and positions its stream at the end.</summary>
    /// <exception cref="TransferFailure">The disk refused.</exception>
    public static void Truncate(PartFile part, long length)
    {
        try
        {
            // Truncate only when needed: on ext4 a truncated file is flushed again when it is closed (auto_da_alloc).
            if (part.Stream.Length != length)
            {
                part.Stream.SetLength(length);
            }

            part.Stream.Position = length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, part.Path);
        }
    }

    /// <summary>
    /// Reserves the disk space a file of <paramref name="total"/> bytes still needs, as soon as its size is known, so that
    /// one that cannot fit fails before its first byte rather than when the disk is full. Linux reserves the blocks
    /// (<see cref="SpaceReservation"/>: the length does not change, so it still says how far the download got); where
    /// that cannot be done, the free space is compared. Every downloader calls it once the size is known, after
    /// <see cref="Truncate"/> (which gives back blocks past a shorter length); the reservation lasts until the file is
    /// deleted or completed.
    /// </summary>
    /// <param name="part">The open file, holding the bytes already downloaded (its length).</param>
    /// <param name="total">The file's size.</param>
    /// <param name="destination">Where the file goes; its name is what a refusal shows.</param>
    /// <param name="reservedBefore">
    /// The size an earlier attempt knew (-1 for none): when it was larger, its reservation is given back first, so a
    /// file that shrank does not keep the old blocks past its end.
    /// </param>
    /// <exception cref="TransferFailure">
    /// Fatal, in the LocalFile context: it does not fit (the message says what it needs and what is free where). What
    /// was claimed is given back, and the file keeps its bytes for a resume.
    /// </exception>
    public static void Reserve(PartFile part, long total, string destination, long reservedBefore = -1)
    {
        var file = part.Stream.SafeFileHandle;
        long have;
        try
        {
            have = part.Stream.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, part.Path);
        }

        if (reservedBefore > total)
        {
            SpaceReservation.Release(file, have);
        }

        if (total <= have)
        {
            return;
        }

        var outcome = SpaceReservation.Reserve(file, total);
        if (outcome == ReservationOutcome.Reserved)
        {
            return;
        }

        if (outcome == ReservationOutcome.NotSupported)
        {
            // Nothing is reserved: compare with the free space (which another writer may still take first).
            if (VolumeSpace.Of(Path.GetDirectoryName(part.Path)!) is not { } volume || volume.Available >= total - have)
            {
                return;
            }

            outcome = ReservationOutcome.NoSpace;
        }
        else
        {
            // ext4 keeps what a failed fallocate got: give it back, so that the refusal itself does not fill the disk.
            SpaceReservation.Release(file, have);
        }

        throw FailureClassifier.FromNoSpace(outcome, destination, part.Path, total, have);
    }

    private PartFile Open(TransferJob job, string path, PartFileIdentity? recorded, string destination)
    {
        PartFile part;
        try
        {
            part = PartFile.Open(path, recorded, destination);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, path);
        }

        if (part.Refusal is { } why)
        {
            _log?.Invoke(EngineLogLevel.Warning, $"Transfer {job.Id}: the temporary file '{path}' {why}; it was left alone, and '{destination}' starts again from zero in '{part.Path}'.");
        }

        return part;
    }

    /// <summary>Runs <paramref name="record"/>; the file is closed if that fails.</summary>
    private static void Record(PartFile part, Action record)
    {
        try
        {
            record();
        }
        catch
        {
            part.Stream.Dispose();
            throw;
        }
    }
}
