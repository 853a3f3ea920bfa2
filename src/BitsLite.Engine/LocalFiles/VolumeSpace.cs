using System.Runtime.InteropServices;
using BitsLite.Protocol.Text;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// The file system a directory is on, as people know it: where it is mounted, its type, and the space left there to
/// an ordinary user (statvfs' f_bavail: root may write a little more on ext4, into the blocks it keeps back).
/// </summary>
internal sealed partial record VolumeSpace(string MountPoint, string Type, long Available)
{
    /// <summary>The file system of <paramref name="directory"/>, or <see langword="null"/> when the system will not say.</summary>
    public static VolumeSpace? Of(string directory)
    {
        try
        {
            var drive = new DriveInfo(directory);
            return new VolumeSpace(MountPointOf(directory) ?? drive.RootDirectory.FullName, drive.DriveFormat, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>"30.0 MiB free on /mnt/small (tmpfs)".</summary>
    public override string ToString() => $"{ByteSizeText.Format(Available)} free on {MountPoint} ({Type})";

    /// <summary>The longest mount point that holds the directory's real path (links resolved); Unix only.</summary>
    private static string? MountPointOf(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var real = RealPath(directory) ?? Path.GetFullPath(directory);
        string? best = null;
        foreach (var drive in DriveInfo.GetDrives())
        {
            var mount = drive.Name;
            var holds = mount == "/" || real == mount || real.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (holds && (best is null || mount.Length > best.Length))
            {
                best = mount;
            }
        }

        return best;
    }

    private static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
