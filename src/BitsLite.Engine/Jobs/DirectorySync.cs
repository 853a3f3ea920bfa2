using System.Runtime.InteropServices;

namespace BitsLite.Engine.Jobs;

/// <summary>
/// Makes renames durable on Unix: a rename lives in its directory, so the directory itself is fsynced.
/// .NET cannot open a directory as a stream, hence the three libc calls. Windows needs nothing here.
/// </summary>
internal static partial class DirectorySync
{
    /// <summary>Best effort: a file system that cannot fsync a directory (some network shares) is not an error.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
