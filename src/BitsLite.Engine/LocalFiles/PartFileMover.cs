using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// Complete's move of a part file onto its destination, made so that someone else who can write the directory cannot
/// make it move another file into the destination, nor move the part file elsewhere: the directory is opened once and
/// both names are taken relative to that handle (renameat), so swapping the directory's path for a link changes
/// nothing; the entry to move must be the recorded part file, not followed if it is a link; and after the rename the
/// destination must be that same file, or what was moved is put back and the move refused.
/// </summary>
/// <remarks>
/// Where identities are not available (see <see cref="UnixFiles.CanIdentify"/>) it is a plain rename by path. A part
/// file with no recorded identity (a job from before identities were recorded) must be a regular file of this user's
/// with one name, and is then checked across the rename like a recorded one.
/// </remarks>
internal static class PartFileMover
{
    /// <summary>
    /// Whether <paramref name="temp"/> can be moved to <paramref name="destination"/>: <see langword="null"/> when it can,
    /// or was already (by an earlier Complete that stopped half-way: <paramref name="alreadyMoved"/>), else why not.
    /// Moves nothing.
    /// </summary>
    /// <param name="temp">The part file.</param>
    /// <param name="recorded">Its identity as recorded at creation, if one was.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="length">Its expected length: how a move by an earlier Complete is recognised without an identity.</param>
    /// <param name="alreadyMoved">Whether the destination is already that file.</param>
    public static string? Check(string temp, PartFileIdentity? recorded, string destination, long length, out bool alreadyMoved)
    {
        alreadyMoved = false;
        if (!UnixFiles.CanIdentify)
        {
            alreadyMoved = !File.Exists(temp) && File.Exists(destination) && new FileInfo(destination).Length == length;
            return alreadyMoved || File.Exists(temp) ? null : "is gone";
        }

        using var directory = OpenDirectory(destination);
        return Check(directory, temp, recorded, destination, length, out alreadyMoved, out _);
    }

    /// <summary>
    /// Moves <paramref name="temp"/> onto <paramref name="destination"/> (replacing it) after the same checks as
    /// <see cref="Check(string, PartFileIdentity?, string, long, out bool)"/>. The caller makes the rename durable
    /// (<see cref="DirectorySync"/>), once per directory.
    /// </summary>
    /// <returns><see langword="null"/> when it was moved (or had been already), else why it was not.</returns>
    /// <exception cref="IOException">The directory could not be opened or the rename failed (also <see cref="UnauthorizedAccessException"/>).</exception>
    public static string? Move(string temp, PartFileIdentity? recorded, string destination, long length)
    {
        if (!UnixFiles.CanIdentify)
        {
            var why = Check(temp, recorded, destination, length, out var moved);
            if (why is not null || moved)
            {
                return why;
            }

            File.Move(temp, destination, overwrite: true);
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(destination, File.GetAttributes(destination) & ~FileAttributes.Hidden);
            }

            return null;
        }

        using var directory = OpenDirectory(destination);
        var refusal = Check(directory, temp, recorded, destination, length, out var already, out var before);
        if (refusal is not null || already)
        {
            return refusal;
        }

        var (tempName, destinationName) = (Path.GetFileName(temp), Path.GetFileName(destination));
        if (UnixFiles.RenameAt(directory, tempName, destinationName) is not 0 and var errno)
        {
            throw UnixFiles.Failure(errno, temp);
        }

        if (UnixFiles.StatusAt(directory, destinationName) is not { } after || !after.IsSameFile(before))
        {
            // The entry was swapped between the check and the rename: what was moved is not ours, so it does not stay
            // at the destination. (Best effort: whoever swapped it can write the directory and may swap it again.)
            _ = UnixFiles.RenameAt(directory, destinationName, tempName);
            return "was replaced by another file while it was being moved";
        }

        return null;
    }

    private static string? Check(SafeFileHandle directory, string temp, PartFileIdentity? recorded, string destination, long length, out bool alreadyMoved, out FileStatus status)
    {
        alreadyMoved = false;
        status = default;
        if (UnixFiles.StatusAt(directory, Path.GetFileName(temp)) is { } found)
        {
            status = found;
            return found.WhyNotOurs(recorded);
        }

        var there = UnixFiles.StatusAt(directory, Path.GetFileName(destination));
        alreadyMoved = recorded is { } identity
            ? there?.Identity == identity && there.Value.Links == 1
            : there is { Kind: UnixFileKind.Regular } && there.Value.WhyNotOurs(null) is null && new FileInfo(destination).Length == length;
        return alreadyMoved ? null : "is gone";
    }

    private static SafeFileHandle OpenDirectory(string destination)
    {
        // A part file is always beside its destination: one handle on that directory serves both names.
        var path = Path.GetDirectoryName(destination)!;
        var directory = UnixFiles.OpenDirectory(path, out var errno);
        if (directory.IsInvalid)
        {
            directory.Dispose();
            throw UnixFiles.Failure(errno, path);
        }

        return directory;
    }
}
