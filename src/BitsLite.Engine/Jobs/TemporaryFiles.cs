using BitsLite.Protocol.Errors;

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

    /// <summary>
    /// Moves every transferred file to its destination (replacing what is there) and deletes the rest.
    /// A file already moved by an earlier, interrupted Complete is recognised and left alone.
    /// </summary>
    public static void Commit(TransferJob job)
    {
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
        foreach (var file in job.Files)
        {
            try
            {
                File.Delete(file.TempPath);
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
}
