using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Protocol.Locations;

/// <summary>
/// The few libc calls the data root checks need and the BCL lacks: a file's owner (statx on Linux, whose layout is
/// the same on every architecture; stat on macOS) and an open that never follows a symbolic link (O_NOFOLLOW).
/// </summary>
internal static unsafe partial class NativeFiles
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int StatxBytes = 256;
    private const int MacStatBytes = 144;

    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;

    private static bool _statxMissingFromLibc;

    /// <summary>lstat: the file itself, a link included; <see langword="null"/> when nothing is there.</summary>
    /// <exception cref="IOException">The system refused to say (the message has its errno).</exception>
    public static UnixFileStatus? StatusOf(string path)
    {
        var buffer = stackalloc byte[Math.Max(StatxBytes, MacStatBytes)];
        var result = OperatingSystem.IsLinux() ? Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, buffer)
            : OperatingSystem.IsMacOS() ? (RuntimeInformation.ProcessArchitecture == Architecture.X64 ? MacLStatX64(path, buffer) : MacLStat(path, buffer))
            : throw Unsupported();
        if (result == 0)
        {
            return Decode(buffer);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is NoSuchFile or NotADirectory ? null : throw new IOException($"Cannot inspect '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    /// <summary>fstat: what an open handle refers to.</summary>
    public static UnixFileStatus StatusOf(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[Math.Max(StatxBytes, MacStatBytes)];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            var result = OperatingSystem.IsLinux() ? Statx(fd, "", AtEmptyPath, buffer)
                : OperatingSystem.IsMacOS() ? (RuntimeInformation.ProcessArchitecture == Architecture.X64 ? MacFStatX64(fd, buffer) : MacFStat(fd, buffer))
                : throw Unsupported();
            if (result != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Cannot inspect an open file: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }

            return Decode(buffer);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Opens an existing file for <paramref name="access"/> without following a link at <paramref name="path"/>:
    /// a link fails with <see cref="OpenFailure.Link"/>, a missing file with <see cref="OpenFailure.Missing"/>.
    /// </summary>
    public static SafeFileHandle OpenNoFollow(string path, FileAccess access, out OpenFailure failure)
    {
        var flags = (access switch { FileAccess.Read => 0, FileAccess.Write => 1, _ => 2 }) | NoFollowFlag | CloseOnExecFlag;
        var fd = Open(path, flags);
        if (fd >= 0)
        {
            failure = OpenFailure.None;
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        failure = errno == LinkLoopErrno ? OpenFailure.Link
            : errno is NoSuchFile ? OpenFailure.Missing
            : throw new IOException($"Cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        return new SafeFileHandle();
    }

    /// <summary>Why <see cref="OpenNoFollow"/> opened nothing.</summary>
    public enum OpenFailure
    {
        /// <summary>It opened the file.</summary>
        None,

        /// <summary>The path is a symbolic link.</summary>
        Link,

        /// <summary>Nothing is there (any more).</summary>
        Missing,
    }

    // O_NOFOLLOW and O_CLOEXEC differ between systems, and on Linux between architectures (arm and powerpc move O_NOFOLLOW).
    private static int NoFollowFlag => OperatingSystem.IsMacOS() ? 0x100
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le ? 0x8000 : 0x20000;

    private static int CloseOnExecFlag => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    private static int LinkLoopErrno => OperatingSystem.IsMacOS() ? 62 : 40;

    private static UnixFileStatus Decode(byte* buffer)
    {
        var bytes = new ReadOnlySpan<byte>(buffer, StatxBytes);
        return OperatingSystem.IsLinux()
            // struct statx: stx_uid at 20, stx_mode (16 bits) at 28.
            ? UnixFileStatus.FromMode(BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]), BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]))
            // struct stat (64-bit inodes): st_dev (4), st_mode (2) at 4, st_nlink (2), st_ino (8), st_uid at 16.
            : UnixFileStatus.FromMode(BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]), BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));
    }

    private static int Statx(int directory, string path, int flags, byte* buffer)
    {
        if (!_statxMissingFromLibc)
        {
            try
            {
                return LibcStatx(directory, path, flags, StatxTypeModeUid, buffer);
            }
            catch (EntryPointNotFoundException)
            {
                // glibc before 2.28, musl before 1.2.5: the kernel has the call all the same.
                _statxMissingFromLibc = true;
            }
        }

        return (int)SystemCall(StatxSystemCallNumber(), directory, path, flags, StatxTypeModeUid, buffer);
    }

    private static long StatxSystemCallNumber() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 332,
        Architecture.X86 => 383,
        Architecture.Arm => 397,
        Architecture.Ppc64le => 383,
        Architecture.S390x => 379,
        _ => 291, // the generic table: arm64, riscv64, loongarch64
    };

    private static PlatformNotSupportedException Unsupported() =>
        new("BitsLite cannot tell who owns a file on this system, so it cannot check that its data root is private.");

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LibcStatx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SystemCall(long number, int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MacLStat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MacLStatX64(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int MacFStat(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static partial int MacFStatX64(int fd, byte* buffer);

    // open(2) is variadic, but without O_CREAT only its fixed arguments are passed, which every ABI passes alike.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
