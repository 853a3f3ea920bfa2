using System.Globalization;
using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Hosting;

/// <summary>
/// One host per data root: an exclusively locked file (flock on Unix, a share-none handle on Windows) that the
/// operating system releases when the process dies, however it dies, so a crash never leaves a stale lock.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream _file;

    private InstanceLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or returns <see langword="null"/> when another live process holds it.</summary>
    /// <exception cref="BitsLite.Protocol.Errors.TransferException">The lock file is a link, or not ours alone.</exception>
    public static InstanceLock? TryAcquire(string path)
    {
        FileStream file;
        try
        {
            file = OwnerOnlyFile.Open(path, FileAccess.ReadWrite, FileShare.None, "host lock file");
        }
        catch (IOException)
        {
            return null;
        }

        // .NET takes this flock itself only for a file it creates with FileShare.None, and not at all with
        // DOTNET_SYSTEM_IO_DISABLEFILELOCKING set: take it explicitly. (Again on the same file is a no-op.)
        if (!OperatingSystem.IsWindows() && NativeMethods.FileLock((int)file.SafeFileHandle.DangerousGetHandle(), NativeMethods.LockExclusive | NativeMethods.LockNonBlocking) != 0)
        {
            file.Dispose();
            return null;
        }

        // The pid is for people reading the file; the lock itself is what counts.
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        file.Write(pid);
        file.Flush();
        return new InstanceLock(file);
    }

    public void Dispose() => _file.Dispose();
}
