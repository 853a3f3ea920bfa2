using System.Globalization;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// The local file of an upload job. BITS puts an upload whose file changes into Error, and so does BitsLite: its size
/// and last write time are recorded when the upload starts and compared before every fragment.
/// </summary>
internal static class LocalUploadFile
{
    /// <summary>Its length, and the stamp that says whether it changed (size and last write time).</summary>
    public static (long Length, string Stamp) Snapshot(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw TransferFailure.Fatal(
                    TransferErrorContext.LocalFile,
                    Directory.Exists(path) ? $"'{path}' is a directory; an upload sends one file." : $"The file to upload, '{path}', no longer exists.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, ex);
        }

        var stamp = string.Create(CultureInfo.InvariantCulture, $"local:{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        return (info.Length, stamp);
    }

    /// <summary>
    /// Records the file's stamp and size on the first attempt; on later ones fails (fatally) if the file changed.
    /// Returns the file's length.
    /// </summary>
    public static long EnsureUnchanged(TransferJob job, TransferFile file, JobStateChanger changer)
    {
        var (length, stamp) = Snapshot(file.Source);
        string? recorded;
        lock (job.Gate)
        {
            recorded = file.Validator;
        }

        if (recorded is null)
        {
            changer.Checkpoint(job, file, f =>
            {
                f.Validator = stamp;
                f.BytesTotal = length;
            });
        }
        else if (!string.Equals(recorded, stamp, StringComparison.Ordinal))
        {
            throw Changed(file.Source, $"it now has {length:N0} bytes and another write time");
        }

        return length;
    }

    public static TransferFailure Changed(string path, string detail) => TransferFailure.Fatal(
        TransferErrorContext.LocalFile,
        $"The file '{path}' changed while it was being uploaded ({detail}); cancel this job and upload the file again.");

    public static TransferFailure Unreadable(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            TransferFailure.Fatal(TransferErrorContext.LocalFile, $"The file to upload, '{path}', no longer exists.", ex),
        UnauthorizedAccessException =>
            TransferFailure.Fatal(TransferErrorContext.LocalFile, $"Cannot read '{path}': {ex.Message}", ex),
        _ => TransferFailure.Transient(TransferErrorContext.LocalFile, $"Reading '{path}' failed: {ex.Message}", ex),
    };
}
