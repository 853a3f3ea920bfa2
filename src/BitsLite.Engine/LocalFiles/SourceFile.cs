namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// Opens a local file to read: a download's local source, an upload's file. The path is the user's, but its directory
/// may be writable by others, so a symbolic link there is followed only when it belongs to this user or to root (the
/// rule of Linux's fs.protected_symlinks for sticky directories): nobody else can point the host at a file they may not
/// read themselves. And only a regular file is read: a FIFO or a device could hang a transfer or never end.
/// </summary>
/// <remarks>Links among the path's directories are followed as usual. Where <see cref="UnixFiles.IsSupported"/> is false, a plain open.</remarks>
internal static class SourceFile
{
    /// <summary>Opens <paramref name="path"/> for reading, unbuffered.</summary>
    /// <exception cref="UnauthorizedAccessException">Refused: a link of another user's, not a regular file, or no permission.</exception>
    /// <exception cref="IOException">It cannot be opened (<see cref="FileNotFoundException"/> and <see cref="DirectoryNotFoundException"/> when it is not there).</exception>
    public static FileStream Open(string path)
    {
        if (!UnixFiles.IsSupported)
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            });
        }

        var handle = UnixFiles.OpenForReading(path, followLink: false, out var errno);
        if (handle.IsInvalid && errno == UnixFiles.LinkRefused)
        {
            handle.Dispose();
            var owner = UnixFiles.LinkStatus(path)?.Owner;
            if (owner is { } uid && uid != 0 && uid != UnixFiles.EffectiveUserId)
            {
                throw new UnauthorizedAccessException($"'{path}' is a symbolic link that belongs to user id {uid}; BitsLite follows links of yours or root's only.");
            }

            handle = UnixFiles.OpenForReading(path, followLink: true, out errno);
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw errno == UnixFiles.NoEntry ? new FileNotFoundException($"'{path}' does not exist.", path) : UnixFiles.Failure(errno, path);
        }

        try
        {
            if (UnixFiles.Status(handle) is { Kind: not UnixFileKind.Regular })
            {
                throw new UnauthorizedAccessException($"'{path}' is not a regular file.");
            }

            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
