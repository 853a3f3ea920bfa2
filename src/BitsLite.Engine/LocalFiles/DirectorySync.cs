namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// Makes renames durable on Unix: a rename lives in its directory, so the directory itself is fsynced.
/// Windows needs nothing here.
/// </summary>
internal static class DirectorySync
{
    /// <summary>Best effort: a file system that cannot fsync a directory (some network shares) is not an error.</summary>
    public static void Flush(string directory)
    {
        if (!UnixFiles.IsSupported)
        {
            return;
        }

        using var handle = UnixFiles.OpenDirectory(directory, out _);
        if (!handle.IsInvalid)
        {
            _ = UnixFiles.Sync(handle);
        }
    }
}
