using System.Runtime.InteropServices;

namespace BitsLite.Host.Hosting;

/// <summary>The few libc calls the host needs on Unix.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int CreateSession();

    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int FileLock(int fd, int operation);
}
