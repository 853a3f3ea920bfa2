using BitsLite.Engine.Jobs;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// A temporary file open for writing. Destinations may be in directories other users can write to, so opening one
/// never follows a symbolic link and never writes to a file BitsLite did not create: a file at the recorded path
/// that is a link, a hard link (two names), someone else's, or not the recorded device and inode, is left alone, and
/// a new empty file with a fresh random name takes its place (<see cref="Refusal"/> says why).
/// </summary>
/// <remarks>
/// The checks of identity need statx(2) (Linux). Elsewhere on Unix, O_NOFOLLOW and O_EXCL still hold; on Windows, where
/// making a symbolic link takes a privilege, files are created with <see cref="FileMode.CreateNew"/> and reopened by path.
/// </remarks>
internal sealed class PartFile
{
    // A fresh random name is taken in this many tries unless someone can read the directory faster than we write it.
    private const int CreateTries = 3;

    private PartFile(FileStream stream, string path, PartFileIdentity? identity, string? refusal)
    {
        Stream = stream;
        Path = path;
        Identity = identity;
        Refusal = refusal;
    }

    /// <summary>Unbuffered, open for writing and reading back, positioned at 0; the caller owns it.</summary>
    public FileStream Stream { get; }

    /// <summary>Where the file is: the path asked for, or a fresh one when that was refused.</summary>
    public string Path { get; }

    /// <summary>Its identity, to record in the store (<see langword="null"/> where the system cannot tell it).</summary>
    public PartFileIdentity? Identity { get; }

    /// <summary>Why the file at the path asked for was not used (and a fresh one was created), or <see langword="null"/>.</summary>
    public string? Refusal { get; }

    /// <summary>
    /// Opens the part file at <paramref name="path"/> (creating it when there is none) if it is the one BitsLite created,
    /// that is <paramref name="recorded"/>, or with none recorded (a store from before identities were recorded, or a
    /// crash before the first checkpoint) a regular file of this user's with one name; else creates a fresh one beside
    /// <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="IOException">No file could be opened or created (also <see cref="UnauthorizedAccessException"/>).</exception>
    public static PartFile Open(string path, PartFileIdentity? recorded, string destination)
    {
        if (!UnixFiles.IsSupported)
        {
            return File.Exists(path) ? new PartFile(Portable(path, FileMode.Open), path, null, null) : Create(destination, path, refusal: null);
        }

        var handle = UnixFiles.OpenForWriting(path, create: false, out var errno);
        if (!handle.IsInvalid)
        {
            var status = StatusOrClose(handle);
            if (status?.WhyNotOurs(recorded) is { } why)
            {
                handle.Dispose();
                return Create(destination, firstTry: null, why);
            }

            return new PartFile(Writer(handle), path, status?.Identity ?? recorded, null);
        }

        handle.Dispose();
        if (errno == UnixFiles.NoEntry)
        {
            // Not created yet, or gone: create it there, exclusively, so that anything planted meanwhile is refused.
            return Create(destination, firstTry: path, refusal: null);
        }

        var refusal = errno == UnixFiles.LinkRefused ? "is a symbolic link" : $"cannot be opened ({UnixFiles.Failure(errno, path).Message})";
        return Create(destination, firstTry: null, refusal);
    }

    /// <summary>Creates a new, empty part file with a fresh random name beside <paramref name="destination"/>.</summary>
    /// <exception cref="IOException">It could not be created (also <see cref="UnauthorizedAccessException"/>).</exception>
    public static PartFile CreateFresh(string destination) => Create(destination, firstTry: null, refusal: null);

    /// <param name="destination">Beside which the file goes.</param>
    /// <param name="firstTry">The name to try first (the one the store has), or <see langword="null"/> for random ones only.</param>
    /// <param name="refusal">Why a fresh file is needed, passed on to the result.</param>
    private static PartFile Create(string destination, string? firstTry, string? refusal)
    {
        for (var attempt = 1; ; attempt++)
        {
            var candidate = firstTry ?? TemporaryFiles.NewPath(destination);
            if (!UnixFiles.IsSupported)
            {
                try
                {
                    return new PartFile(Portable(candidate, FileMode.CreateNew), candidate, null, refusal);
                }
                catch (IOException) when (attempt < CreateTries && File.Exists(candidate))
                {
                }
            }
            else
            {
                var handle = UnixFiles.OpenForWriting(candidate, create: true, out var errno);
                if (!handle.IsInvalid)
                {
                    return new PartFile(Writer(handle), candidate, StatusOrClose(handle)?.Identity, refusal);
                }

                handle.Dispose();
                if (errno != UnixFiles.Exists || attempt >= CreateTries)
                {
                    throw UnixFiles.Failure(errno, candidate);
                }
            }

            // Something is there: a file BitsLite did not create (the store's name was free a moment ago), or a random
            // name someone guessed. Neither is touched.
            refusal ??= firstTry is null ? null : "appeared (put there by someone else) just before BitsLite created it";
            firstTry = null;
        }
    }

    private static FileStatus? StatusOrClose(SafeFileHandle handle)
    {
        try
        {
            return UnixFiles.Status(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileStream Writer(SafeFileHandle handle) => new(handle, FileAccess.ReadWrite, bufferSize: 0);

    private static FileStream Portable(string path, FileMode mode)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        });
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.Hidden);
        }

        return stream;
    }
}
