using System.Globalization;

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
    public static InstanceLock? TryAcquire(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream file;
        try
        {
            file = new FileStream(path, options);
        }
        catch (IOException)
        {
            return null;
        }

        // .NET takes this flock itself for FileShare.None, unless DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set: take it
        // explicitly so that one host per user never depends on an environment variable. (Again on the same file is a no-op.)
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
