namespace BitsLite.Protocol.Locations;

/// <summary>
/// Where one user's BitsLite keeps its files (SPEC, "Places on disk"): one data root, overridable
/// with BITSLITE_HOME, holding the job database and the log; the host's socket goes in the runtime
/// directory when the system provides one (XDG_RUNTIME_DIR), otherwise in the data root.
/// </summary>
/// <param name="DataRoot">The data root.</param>
/// <param name="SocketDirectory">The directory of the host's socket (created 0700).</param>
public sealed record BitsLitePaths(string DataRoot, string SocketDirectory)
{
    /// <summary>The variable that overrides the data root (tests use it to isolate themselves).</summary>
    public const string HomeVariable = "BITSLITE_HOME";

    /// <summary>The SQLite job database.</summary>
    public string Database => Path.Combine(DataRoot, "jobs.db");

    /// <summary>The host's log file.</summary>
    public string LogFile => Path.Combine(DataRoot, "host.log");

    /// <summary>The key that encrypts the passwords in the database (made on first use).</summary>
    public string KeyFile => Path.Combine(DataRoot, "jobs.key");

    /// <summary>The host's socket.</summary>
    public string Socket => Path.Combine(SocketDirectory, "host.sock");

    /// <summary>The host's instance lock, beside the socket: two hosts that would bind one socket exclude each other.</summary>
    public string LockFile => Path.Combine(SocketDirectory, "host.lock");

    /// <summary>Every file BitsLite keeps in these directories, and what it is (for messages).</summary>
    internal IEnumerable<(string Path, string What)> PrivateFiles =>
    [
        (Database, "job database"),
        (Database + "-wal", "job database's write-ahead log"),
        (Database + "-shm", "job database's shared-memory file"),
        (KeyFile, "key file"),
        (LogFile, "host log"),
        (LockFile, "host lock file"),
    ];

    /// <summary>The paths for the current user on the current system.</summary>
    public static BitsLitePaths ForCurrentUser() => Resolve(
        Environment.GetEnvironmentVariable,
        OperatingSystem.IsWindows() ? HostPlatform.Windows : OperatingSystem.IsMacOS() ? HostPlatform.MacOS : HostPlatform.Linux,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The paths for an environment, a platform and a home directory (all given, so every platform's rules can be tested anywhere).</summary>
    /// <exception cref="InvalidOperationException">No absolute data root can be derived; the message says which variable to set.</exception>
    public static BitsLitePaths Resolve(Func<string, string?> environment, HostPlatform platform, string? home)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Absolute(environment(HomeVariable)) ?? platform switch
        {
            HostPlatform.Windows => Join(Absolute(environment("LOCALAPPDATA")), "BitsLite"),
            HostPlatform.MacOS => Join(Absolute(home), "Library", "Application Support", "BitsLite"),
            // An XDG variable that is not absolute is invalid and must be ignored (XDG base directory spec).
            _ => Join(Absolute(environment("XDG_DATA_HOME")), "bitslite") ?? Join(Absolute(home), ".local", "share", "bitslite"),
        };
        if (root is null)
        {
            throw new InvalidOperationException(
                $"Cannot tell where BitsLite should keep its data: no home directory is known. Set {HomeVariable} to an absolute path.");
        }

        var runtime = platform == HostPlatform.Linux && environment(HomeVariable) is null
            ? Join(Absolute(environment("XDG_RUNTIME_DIR")), "bitslite")
            : null;
        return new BitsLitePaths(root, runtime ?? root);
    }

    private static string? Absolute(string? path) =>
        string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path) ? null : Path.GetFullPath(path);

    private static string? Join(string? root, params string[] parts) => root is null ? null : Path.Combine([root, .. parts]);
}
