namespace BitsLite.Protocol.Locations;

/// <summary>
/// Directories only their owner may enter (0700 on Unix): the data root holds the job database and the socket
/// directory the host's socket. On Windows the user profile's ACL gives the same protection.
/// </summary>
public static class OwnerOnlyDirectory
{
    /// <summary>rwx for the owner, nothing for anyone else.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (and missing parents) owner-only; an existing one is returned as it is.</summary>
    public static DirectoryInfo Create(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, Mode);
}
