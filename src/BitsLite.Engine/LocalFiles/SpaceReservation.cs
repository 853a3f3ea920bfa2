using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// Claims the disk blocks of a file's bytes before they arrive, without changing its length: fallocate(2) with
/// FALLOC_FL_KEEP_SIZE, on Linux. The length stays what was written, which the engine reads as how far a download got,
/// so reserved blocks never pass for downloaded bytes; and because the blocks are really taken, two downloads cannot
/// both count on the same free space. Elsewhere, and on file systems without fallocate, it answers
/// <see cref="ReservationOutcome.NotSupported"/> and the caller compares the free space instead.
/// </summary>
internal static partial class SpaceReservation
{
    private const int KeepSize = 0x01;
    private const int Interrupted = 4, FileTooBig = 27, NoSpace = 28, QuotaExceeded = 122;

    /// <summary>Reserves the blocks of bytes 0 to <paramref name="length"/> that are not allocated yet.</summary>
    /// <remarks>A failed reservation may have claimed part of the range (ext4 keeps what it got): <see cref="Release"/> gives it back.</remarks>
    public static ReservationOutcome Reserve(SafeFileHandle file, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return length <= 0 ? ReservationOutcome.Reserved : ReservationOutcome.NotSupported;
        }

        while (true)
        {
            var result = Environment.Is64BitProcess ? Fallocate(file, KeepSize, 0, length) : Fallocate64(file, KeepSize, 0, length);
            if (result == 0)
            {
                return ReservationOutcome.Reserved;
            }

            switch (Marshal.GetLastPInvokeError())
            {
                case Interrupted:
                    continue;
                case NoSpace:
                    return ReservationOutcome.NoSpace;
                case QuotaExceeded:
                    return ReservationOutcome.QuotaExceeded;
                case FileTooBig:
                    return ReservationOutcome.FileTooBig;
                default:
                    // EOPNOTSUPP (vfat before 4.19, some FUSE and network file systems), ENOSYS, and anything else: not here.
                    return ReservationOutcome.NotSupported;
            }
        }
    }

    /// <summary>
    /// Gives back the blocks a reservation holds past the file's end, by setting the length it already has
    /// (<paramref name="length"/>): ext4 and tmpfs drop blocks past the end even when the length does not change.
    /// Best effort; on other systems, and for files that reserved nothing, it changes nothing.
    /// </summary>
    public static void Release(SafeFileHandle file, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Environment.Is64BitProcess ? Ftruncate(file, length) : Ftruncate64(file, length);
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle file, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(SafeFileHandle file, long length);

    // 32-bit processes: the calls whose off_t is 64 bits there too.
    [LibraryImport("libc", EntryPoint = "fallocate64", SetLastError = true)]
    private static partial int Fallocate64(SafeFileHandle file, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "ftruncate64", SetLastError = true)]
    private static partial int Ftruncate64(SafeFileHandle file, long length);
}
