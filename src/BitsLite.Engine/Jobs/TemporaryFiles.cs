using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>Where a file's bytes wait until Complete, and the two ways they leave: committed or deleted.</summary>
internal static class TemporaryFiles
{
    private const int MaxNameStem = 160;

    /// <summary>A hidden file beside the destination (same directory, so Complete is an atomic rename).</summary>
    public static string PathFor(string destination, Guid jobId, int index)
    {
        var name = Path.GetFileName(destination);
        var stem = name.Length > MaxNameStem ? name[..MaxNameStem] : name;
        return Path.Combine(Path.GetDirectoryName(destination)!, $".{stem}.{jobId.ToString("N")[..12]}-{index}.bitslite-part");
    }

    /// <summary>Where an UploadReply job's reply waits until Complete: a hidden file beside its reply file.</summary>
    public static string ReplyPathFor(TransferJob job) => PathFor(job.ReplyFile!, job.Id, 0);

    /// <summary>
    /// Moves every transferred file to its destination (replacing what is there) and deletes the rest.
    /// A file already moved by an earlier, interrupted Complete is recognised and left alone.
    /// Upload jobs have nothing local to move but an UploadReply job's reply, once its upload has finished.
    /// </summary>
    public static void Commit(TransferJob job)
    {
        if (job.Type != TransferType.Download)
        {
            CommitReply(job);
            return;
        }

        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in job.Files)
        {
            try
            {
                if (!file.IsTransferred)
                {
                    File.Delete(file.TempPath);
                    continue;
                }

                if (!File.Exists(file.TempPath) && File.Exists(file.Destination) && new FileInfo(file.Destination).Length == file.BytesTotal)
                {
                    continue;
                }

                File.Move(file.TempPath, file.Destination, overwrite: true);
                directories.Add(Path.GetDirectoryName(file.Destination)!);
                if (OperatingSystem.IsWindows())
                {
                    File.SetAttributes(file.Destination, File.GetAttributes(file.Destination) & ~FileAttributes.Hidden);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new TransferException(
                    TransferErrorCode.LocalFileFailure,
                    $"Cannot move '{file.TempPath}' to '{file.Destination}': {ex.Message} The job stays as it was; fix the cause and complete it again.",
                    ex);
            }
        }

        // The file contents were fsynced before Transferred; this makes the new names survive a power cut too.
        foreach (var directory in directories)
        {
            DirectorySync.Flush(directory);
        }
    }

    /// <summary>Deletes the job's temporary files; files that are gone already are fine.</summary>
    public static void Delete(TransferJob job)
    {
        if (job.Type != TransferType.Download)
        {
            DeleteReply(job);
            return;
        }

        foreach (var file in job.Files)
        {
            try
            {
                File.Delete(file.TempPath);
            }
            catch (DirectoryNotFoundException)
            {
                // The destination directory went away, and the temporary file with it.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new TransferException(
                    TransferErrorCode.LocalFileFailure,
                    $"Cannot delete the temporary file '{file.TempPath}': {ex.Message}",
                    ex);
            }
        }
    }

    private static void CommitReply(TransferJob job)
    {
        if (job.ReplyFile is null)
        {
            return;
        }

        var temp = ReplyPathFor(job);
        if (!job.Upload.ReplyReceived || !job.Files.TrueForAll(f => f.IsTransferred))
        {
            DeleteReply(job);
            return;
        }

        if (!File.Exists(temp) && File.Exists(job.ReplyFile) && new FileInfo(job.ReplyFile).Length == job.Upload.ReplyBytesTotal)
        {
            return;
        }

        try
        {
            File.Move(temp, job.ReplyFile, overwrite: true);
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(job.ReplyFile, File.GetAttributes(job.ReplyFile) & ~FileAttributes.Hidden);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransferException(
                TransferErrorCode.LocalFileFailure,
                $"Cannot move '{temp}' to '{job.ReplyFile}': {ex.Message} The job stays as it was; fix the cause and complete it again.",
                ex);
        }

        DirectorySync.Flush(Path.GetDirectoryName(job.ReplyFile)!);
    }

    private static void DeleteReply(TransferJob job)
    {
        if (job.ReplyFile is null)
        {
            return;
        }

        var temp = ReplyPathFor(job);
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransferException(TransferErrorCode.LocalFileFailure, $"Cannot delete the temporary file '{temp}': {ex.Message}", ex);
        }
    }
}
