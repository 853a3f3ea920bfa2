using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// The few POSIX calls .NET does not offer: open(2) with O_NOFOLLOW, statx(2) for a file's device, inode, owner and
/// link count, and renameat(2)/fsync(2) on a directory handle. Linux and macOS; <see cref="IsSupported"/> says whether
/// this system is one of them. Identity (statx) is Linux only: elsewhere <see cref="Status(SafeFileHandle)"/> returns
/// <see langword="null"/>.
/// </summary>
internal static partial class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxNlink = 0x4, StatxUid = 0x8, StatxIno = 0x100;
    private const uint StatxWanted = StatxType | StatxMode | StatxNlink | StatxUid | StatxIno;
    private const int DefaultCreateMode = 0b110_110_110; // 0666, less the umask, as .NET creates files

    /// <summary>errno values that mean the same on Linux and macOS.</summary>
    public const int NoEntry = 2, Exists = 17;

    /// <summary>ELOOP: the last component was a symbolic link and O_NOFOLLOW was given.</summary>
    public static readonly int LinkRefused = OperatingSystem.IsMacOS() ? 62 : 40;

    private static readonly int NameTooLong = OperatingSystem.IsMacOS() ? 63 : 36;

    private static readonly OpenFlags Flags = OpenFlags.ForThisSystem();

    // A C library older than glibc 2.28 has no statx: identity is not available there, and the checks that need it are skipped.
    private static readonly bool HasStatx = OperatingSystem.IsLinux() && Probe();

    /// <summary>Whether this system is Linux or macOS, whose open(2) flags this class knows.</summary>
    public static bool IsSupported => Flags.Known;

    /// <summary>Whether <see cref="Status(SafeFileHandle)"/> can tell a file's identity here (Linux with statx).</summary>
    public static bool CanIdentify => HasStatx;

    /// <summary>The effective user id of this process: the owner of every file it creates.</summary>
    public static uint EffectiveUserId => GetEffectiveUserId();

    /// <summary>
    /// Opens <paramref name="path"/> for writing, and for reading back (a resumed file's hash is rebuilt from its bytes),
    /// without following a symbolic link in its last component (O_NOFOLLOW), without blocking on a FIFO (O_NONBLOCK)
    /// and never inherited by child processes (O_CLOEXEC). With
    /// <paramref name="create"/>, creates it and fails if anything (a link included) is there already (O_CREAT|O_EXCL).
    /// </summary>
    /// <returns>The handle, or an invalid one with <paramref name="errno"/> set.</returns>
    public static SafeFileHandle OpenForWriting(string path, bool create, out int errno)
    {
        var flags = Flags.ReadWrite | Flags.NoFollow | Flags.NonBlock | Flags.CloseOnExec | (create ? Flags.Create | Flags.Exclusive : 0);
        return Open(path, flags, out errno);
    }

    /// <summary>Opens <paramref name="path"/> for reading; without <paramref name="followLink"/>, a symbolic link fails with ELOOP.</summary>
    public static SafeFileHandle OpenForReading(string path, bool followLink, out int errno)
    {
        var flags = Flags.NonBlock | Flags.CloseOnExec | (followLink ? 0 : Flags.NoFollow);
        return Open(path, flags, out errno);
    }

    /// <summary>Opens a directory, to work on its entries by name whatever later happens to its path.</summary>
    public static SafeFileHandle OpenDirectory(string path, out int errno) => Open(path, Flags.Directory | Flags.CloseOnExec, out errno);

    /// <summary>The identity of an open file, or <see langword="null"/> where this system cannot tell it.</summary>
    public static FileStatus? Status(SafeFileHandle handle) => Statx(handle, "", AtEmptyPath);

    /// <summary>The entry <paramref name="name"/> of an open directory, not following a link, or <see langword="null"/> when it does not exist (or identity is not available).</summary>
    public static FileStatus? StatusAt(SafeFileHandle directory, string name) => Statx(directory, name, AtSymlinkNoFollow);

    /// <summary>The entry at <paramref name="path"/> itself (a link is not followed), or <see langword="null"/>.</summary>
    public static FileStatus? LinkStatus(string path) => Statx(null, path, AtSymlinkNoFollow);

    /// <summary>renameat(2) within one open directory: replaces <paramref name="to"/> (never following a link there). Returns errno, 0 on success.</summary>
    public static int RenameAt(SafeFileHandle directory, string from, string to) =>
        RenameAtNative(directory, from, directory, to) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>fsync(2); for a directory this makes the renames in it durable. Returns errno, 0 on success.</summary>
    public static int Sync(SafeFileHandle handle) => FsyncNative(handle) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>An exception for a failed call, of the type .NET would throw for that errno.</summary>
    public static Exception Failure(int errno, string path)
    {
        var message = $"{Marshal.GetPInvokeErrorMessage(errno)} ('{path}')";
        return errno switch
        {
            1 or 13 => new UnauthorizedAccessException(message), // EPERM, EACCES
            NoEntry or 20 => new DirectoryNotFoundException(message), // ENOENT, ENOTDIR: the directory is what is missing
            _ when errno == NameTooLong => new PathTooLongException(message),
            _ => new IOException(message, errno),
        };
    }

    private static SafeFileHandle Open(string path, int flags, out int errno)
    {
        var fd = OpenNative(path, flags, DefaultCreateMode);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <param name="directory">The directory (or, with an empty path, the file) to look in; <see langword="null"/> for the current directory.</param>
    /// <param name="path">The name in it.</param>
    /// <param name="flags">AT_EMPTY_PATH or AT_SYMLINK_NOFOLLOW.</param>
    private static FileStatus? Statx(SafeFileHandle? directory, string path, int flags)
    {
        if (!CanIdentify)
        {
            return null;
        }

        var result = directory is null
            ? StatxNative(AtFdCwd, path, flags, StatxWanted, out var buffer)
            : StatxNative(directory, path, flags, StatxWanted, out buffer);
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NoEntry ? null : throw Failure(errno, path.Length == 0 ? "an open file" : path);
        }

        if ((buffer.Mask & StatxWanted) != StatxWanted)
        {
            return null;
        }

        return new FileStatus(((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, buffer.Uid, buffer.Links, (UnixFileKind)(buffer.Mode & 0xF000));
    }

    private static bool Probe()
    {
        try
        {
            return StatxNative(AtFdCwd, "/", 0, StatxWanted, out _) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxNative(SafeFileHandle directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxNative(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "renameat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAtNative(SafeFileHandle fromDirectory, string from, SafeFileHandle toDirectory, string to);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(SafeFileHandle handle);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>struct statx (linux/stat.h): the same layout on every architecture; only the fields used are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint Links;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    /// <summary>open(2) flag values, which differ between Linux and macOS, and on Linux between architectures.</summary>
    private readonly record struct OpenFlags(bool Known, int ReadWrite, int Create, int Exclusive, int NonBlock, int Directory, int NoFollow, int CloseOnExec)
    {
        public static OpenFlags ForThisSystem()
        {
            if (OperatingSystem.IsLinux())
            {
                // arm, arm64 and powerpc number O_DIRECTORY and O_NOFOLLOW differently from the generic (x86, s390x, riscv) values.
                var armLike = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le;
                return new(true, 0x2, 0x40, 0x80, 0x800, armLike ? 0x4000 : 0x10000, armLike ? 0x8000 : 0x20000, 0x80000);
            }

            return OperatingSystem.IsMacOS() ? new(true, 0x2, 0x200, 0x800, 0x4, 0x100000, 0x100, 0x1000000) : default;
        }
    }
}
