namespace BitsLite.Server.Files;

/// <summary>
/// The two directories of an endpoint, as full paths, and the mapping of a client's file name to a path that is
/// certainly a file directly inside the upload directory (compared as full paths after normalisation).
/// </summary>
internal sealed class UploadDirectories
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public UploadDirectories(string uploadDirectory, string sessionDirectory)
    {
        UploadDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uploadDirectory));
        SessionDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sessionDirectory));
    }

    public string UploadDirectory { get; }

    public string SessionDirectory { get; }

    public bool TryResolve(string? name, out string fullPath, out string reason)
    {
        fullPath = "";
        if (!UploadFileNames.TryValidate(name, out reason))
        {
            return false;
        }

        var candidate = Path.GetFullPath(Path.Join(UploadDirectory, name));
        if (!string.Equals(Path.GetDirectoryName(candidate), UploadDirectory, PathComparison)
            || !string.Equals(Path.GetFileName(candidate), name, StringComparison.Ordinal))
        {
            reason = "the name does not stay inside the upload directory";
            return false;
        }

        if (IsSameOrInside(candidate, SessionDirectory) || IsSameOrInside(SessionDirectory, candidate) || Directory.Exists(candidate))
        {
            reason = "the name is taken by a directory";
            return false;
        }

        fullPath = candidate;
        return true;
    }

    /// <summary>PUT bodies are written to files with this prefix in the session directory.</summary>
    public const string PutFilePrefix = "put-";

    public string SessionPath(Guid sessionId) => Path.Join(SessionDirectory, sessionId.ToString("D"));

    /// <summary>A fresh, hidden name in the upload directory for the last step of placing a file.</summary>
    public string NewStagingPath() => Path.Join(UploadDirectory, UploadFileNames.StagingPrefix + Guid.NewGuid().ToString("N") + ".partial");

    /// <summary>A fresh name in the session directory for the body of a PUT.</summary>
    public string NewPutPath() => Path.Join(SessionDirectory, PutFilePrefix + Guid.NewGuid().ToString("N") + ".partial");

    private static bool IsSameOrInside(string path, string directory) =>
        string.Equals(path, directory, PathComparison)
        || path.StartsWith(directory + Path.DirectorySeparatorChar, PathComparison);
}
