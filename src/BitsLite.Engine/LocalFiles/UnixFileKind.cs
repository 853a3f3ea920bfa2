namespace BitsLite.Engine.LocalFiles;

/// <summary>A file's type, as the S_IFMT bits of its mode give it.</summary>
internal enum UnixFileKind
{
    /// <summary>Anything not named here (a FIFO, a socket, a device).</summary>
    Other = 0,

    /// <summary>S_IFDIR.</summary>
    Directory = 0x4000,

    /// <summary>S_IFREG.</summary>
    Regular = 0x8000,

    /// <summary>S_IFLNK.</summary>
    SymbolicLink = 0xA000,
}
