using BitsLite.Protocol.Errors;

namespace BitsLite.Protocol.Locations;

/// <summary>
/// Files only their owner may read or write (0600 on Unix), opened without ever following a symbolic link: a new one
/// is created exclusively (O_EXCL, which refuses a link, even a dangling one) with its final mode, an existing one is
/// opened with O_NOFOLLOW and checked once open. On Windows the user profile's ACL gives the same protection.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>rw for the owner, nothing for anyone else.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens the file, creating it owner-only if it does not exist, positioned at its start.</summary>
    /// <param name="path">The file.</param>
    /// <param name="access">Write or ReadWrite.</param>
    /// <param name="share">How others may open it meanwhile (Windows; on Unix only a FileShare.None creation locks it).</param>
    /// <param name="what">What it is, for messages: "host log", "lock file".</param>
    /// <exception cref="TransferException"><see cref="TransferErrorCode.AccessDenied"/>: a link, not a regular file, another user's, or open to others.</exception>
    /// <exception cref="IOException">The file cannot be opened or created.</exception>
    public static FileStream Open(string path, FileAccess access, FileShare share, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.OpenOrCreate, access, share);
        }

        for (var attempt = 1; ; attempt++)
        {
            // First for its clear messages; the open below is what closes the race.
            PrivateLocation.VerifyFile(path, what);
            try
            {
                return new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = share, UnixCreateMode = Mode });
            }
            catch (IOException) when (NativeFiles.StatusOf(path) is not null)
            {
                // It exists (or appeared meanwhile): open that one instead.
            }

            var handle = NativeFiles.OpenNoFollow(path, access, out var failure);
            switch (failure)
            {
                case NativeFiles.OpenFailure.Missing when attempt < 3:
                    continue;
                case NativeFiles.OpenFailure.Missing:
                    throw new IOException($"The {what} '{path}' keeps disappearing as it is opened.");
                case NativeFiles.OpenFailure.Link:
                    throw PrivateLocation.LinkRefused(path, what);
            }

            try
            {
                PrivateLocation.CheckFile(NativeFiles.StatusOf(handle), path, what);
                return new FileStream(handle, access);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }
}
