namespace BitsLite.Protocol.Locations;

/// <summary>
/// The checks a client and a host make before they use a data root: the data root and the socket directory are the
/// current user's alone and below directories nobody else can change, and every file BitsLite keeps there (database,
/// its -wal and -shm, key, log, lock) is a regular file of theirs that nobody else may read. See <see cref="PrivateLocation"/>.
/// </summary>
public static class DataRootGuard
{
    /// <summary>Checks what exists of <paramref name="paths"/>; creates nothing (a client that only looks).</summary>
    /// <exception cref="Errors.TransferException"><see cref="Errors.TransferErrorCode.AccessDenied"/>, saying what is wrong and how to fix it.</exception>
    public static void Verify(BitsLitePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        PrivateLocation.VerifyDirectory(paths.DataRoot, "data root", BitsLitePaths.HomeVariable);
        if (paths.SocketDirectory != paths.DataRoot)
        {
            PrivateLocation.VerifyDirectory(paths.SocketDirectory, "socket directory", SocketSetting(paths));
        }

        VerifyFiles(paths);
    }

    /// <summary>Creates the data root and socket directory owner-only where they are missing, then checks everything as <see cref="Verify"/> does.</summary>
    /// <exception cref="Errors.TransferException"><see cref="Errors.TransferErrorCode.AccessDenied"/>, saying what is wrong and how to fix it.</exception>
    public static void Prepare(BitsLitePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        PrivateLocation.EnsureDirectory(paths.DataRoot, "data root", BitsLitePaths.HomeVariable);
        if (paths.SocketDirectory != paths.DataRoot)
        {
            PrivateLocation.EnsureDirectory(paths.SocketDirectory, "socket directory", SocketSetting(paths));
        }

        VerifyFiles(paths);
    }

    private static void VerifyFiles(BitsLitePaths paths)
    {
        foreach (var (path, what) in paths.PrivateFiles)
        {
            PrivateLocation.VerifyFile(path, what);
        }
    }

    private static string SocketSetting(BitsLitePaths paths) => paths.SocketDirectory == paths.DataRoot ? BitsLitePaths.HomeVariable : "XDG_RUNTIME_DIR";
}
