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
    public static void Verify(BitsLitePaths paths) => Check(paths, PrivateLocation.VerifyDirectory);

    /// <summary>Creates the data root and socket directory owner-only where they are missing, then checks everything as <see cref="Verify"/> does.</summary>
    /// <exception cref="Errors.TransferException"><see cref="Errors.TransferErrorCode.AccessDenied"/>, saying what is wrong and how to fix it.</exception>
    public static void Prepare(BitsLitePaths paths) => Check(paths, PrivateLocation.EnsureDirectory);

    /// <param name="paths">The places.</param>
    /// <param name="directory">Checks (or makes and checks) a directory: its path, what it is, the variable that chose it.</param>
    private static void Check(BitsLitePaths paths, Action<string, string, string> directory)
    {
        ArgumentNullException.ThrowIfNull(paths);
        directory(paths.DataRoot, "data root", BitsLitePaths.HomeVariable);
        if (paths.SocketDirectory != paths.DataRoot)
        {
            // Only where XDG_RUNTIME_DIR put it: with BITSLITE_HOME the socket is in the data root.
            directory(paths.SocketDirectory, "socket directory", "XDG_RUNTIME_DIR");
        }

        foreach (var (path, what) in paths.PrivateFiles)
        {
            PrivateLocation.VerifyFile(path, what);
        }
    }
}
