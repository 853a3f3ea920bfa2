using System.Security.Cryptography;
using BitsLite.Engine.LocalFiles;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>Where a file's bytes wait until Complete, and the two ways they leave: committed or deleted.</summary>
internal static class TemporaryFiles
{
    private const int MaxNameStem = 160;

    // 80 random bits: a name nobody can guess, so nobody can plant a link there before the file exists.
    private const int RandomBytes = 10;

    /// <summary>
    /// A new hidden name beside the destination (same directory, so Complete is an atomic rename):
    /// <c>.NAME.RANDOM.bitslite-part</c>, RANDOM being 20 hexadecimal digits.
    /// </summary>
    public static string NewPath(string destination)
    {
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(RandomBytes)).ToLowerInvariant();
        return Beside(destination, random);
    }

    /// <summary>
    /// The predictable name stores of schema version 4 and older gave an UploadReply job's reply (they kept no name):
    /// <c>.NAME.JOBID-0.bitslite-part</c>, JOBID being the first 12 digits of the job's id.
    /// </summary>
    public static string LegacyReplyPath(string replyFile, Guid jobId) => Beside(replyFile, jobId.ToString("N")[..12] + "-0");

    /// <summary>
    /// Moves every transferred file to its destination (replacing what is there) and deletes the rest.
    /// A file already moved by an earlier, interrupted Complete is recognised and left alone.
    /// Upload jobs have nothing local to move but an UploadReply job's reply, once its upload has finished.
    /// </summary>
    /// <returns>
    /// The files whose part file is not the one BitsLite wrote (see <see cref="PartFileMover"/>), with why: when any is
    /// found before anything moved, nothing is moved nor deleted. They must be fetched again.
    /// </returns>
    /// <exception cref="TransferException">A move or a deletion failed; the job stays as it was.</exception>
    public static List<(TransferFile File, string Why)> Commit(TransferJob job)
    {
        if (job.Type != TransferType.Download)
        {
            CommitReply(job);
            return [];
        }

        var refused = new List<(TransferFile, string)>();
        foreach (var file in job.Files.Where(f => f.IsTransferred))
        {
            if (Guarded(file.TempPath, file.Destination, () => PartFileMover.Check(file.TempPath, file.TempIdentity, file.Destination, file.BytesTotal, out _)) is { } why)
            {
                refused.Add((file, why));
            }
        }

        if (refused.Count > 0)
        {
            return refused;
        }

        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in job.Files)
        {
            if (!file.IsTransferred)
            {
                DeleteFile(file.TempPath);
            }
            else if (Guarded(file.TempPath, file.Destination, () => PartFileMover.Move(file.TempPath, file.TempIdentity, file.Destination, file.BytesTotal)) is { } why)
            {
                // Swapped after the check: the others still go, and this one is fetched again.
                refused.Add((file, why));
            }
            else
            {
                directories.Add(Path.GetDirectoryName(file.Destination)!);
            }
        }

        // The file contents were fsynced before Transferred; this makes the new names survive a power cut too.
        foreach (var directory in directories)
        {
            DirectorySync.Flush(directory);
        }

        return refused;
    }

    /// <summary>Deletes the job's temporary files; files that are gone already are fine.</summary>
    public static void Delete(TransferJob job)
    {
        if (job.Type != TransferType.Download)
        {
            if (job.Upload.ReplyTempPath is { } reply)
            {
                DeleteFile(reply);
            }

            return;
        }

        foreach (var file in job.Files)
        {
            DeleteFile(file.TempPath);
        }
    }

    private static void CommitReply(TransferJob job)
    {
        if (job.ReplyFile is null || job.Upload.ReplyTempPath is not { } temp)
        {
            return;
        }

        if (!job.Upload.ReplyReceived || !job.Files.TrueForAll(f => f.IsTransferred))
        {
            DeleteFile(temp);
            return;
        }

        if (Guarded(temp, job.ReplyFile, () => PartFileMover.Move(temp, job.Upload.ReplyTempIdentity, job.ReplyFile, job.Upload.ReplyBytesTotal)) is { } why)
        {
            throw new TransferException(
                TransferErrorCode.LocalFileFailure,
                $"The reply's temporary file '{temp}' {why}, so it is not the reply BitsLite received (someone who can write to "
                + $"'{Path.GetDirectoryName(temp)}' may have replaced it); nothing was moved. Cancel the job: its upload is complete.");
        }

        DirectorySync.Flush(Path.GetDirectoryName(job.ReplyFile)!);
    }

    /// <summary><c>.NAME.TAG.bitslite-part</c> beside <paramref name="destination"/>, NAME cut to <see cref="MaxNameStem"/> characters.</summary>
    private static string Beside(string destination, string tag)
    {
        var name = Path.GetFileName(destination);
        var stem = name.Length > MaxNameStem ? name[..MaxNameStem] : name;
        return Path.Combine(Path.GetDirectoryName(destination)!, $".{stem}.{tag}.bitslite-part");
    }

    /// <summary>Deletes (unlinks) a temporary file: a link planted there is removed, never what it points to.</summary>
    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The destination directory went away, and the temporary file with it.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransferException(TransferErrorCode.LocalFileFailure, $"Cannot delete the temporary file '{path}': {ex.Message}", ex);
        }
    }

    private static string? Guarded(string temp, string destination, Func<string?> move)
    {
        try
        {
            return move();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransferException(
                TransferErrorCode.LocalFileFailure,
                $"Cannot move '{temp}' to '{destination}': {ex.Message} The job stays as it was; fix the cause and complete it again.",
                ex);
        }
    }
}
