namespace BitsLite.Server.Files;

/// <summary>
/// Puts a finished file at its final name so that the name never shows a partial file: first a move to a hidden
/// staging name in the upload directory (a rename on one file system, a copy when the source lives on another), an
/// fsync of that file, then a move within the directory. Without overwrite the last move links the file to its name
/// (File.Move on Unix uses link/unlink), which fails rather than replaces if the name appeared meanwhile.
/// </summary>
internal static class FilePlacement
{
    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>; on an I/O failure the source stays where it was.</summary>
    public static PlacementResult Place(string source, string destination, bool overwrite, UploadDirectories directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (!overwrite && File.Exists(destination))
        {
            return PlacementResult.AlreadyExists;
        }

        var staging = directories.NewStagingPath();
        File.Move(source, staging);
        try
        {
            FlushToDisk(staging);
            File.Move(staging, destination, overwrite);
            return PlacementResult.Placed;
        }
        catch (IOException) when (!overwrite && File.Exists(destination))
        {
            File.Delete(staging);
            return PlacementResult.AlreadyExists;
        }
        catch
        {
            // Give the data back to the session, so that a retry can place it.
            File.Move(staging, source);
            throw;
        }
    }

    /// <summary>Writes a file's data through to the disk (fsync).</summary>
    public static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        stream.Flush(flushToDisk: true);
    }
}
