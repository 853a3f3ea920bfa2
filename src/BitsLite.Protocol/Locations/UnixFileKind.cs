namespace BitsLite.Protocol.Locations;

/// <summary>The kinds of file the data root checks tell apart.</summary>
internal enum UnixFileKind
{
    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A symbolic link (seen by lstat, never followed).</summary>
    SymbolicLink,

    /// <summary>A socket, a FIFO, a device.</summary>
    Other,
}
