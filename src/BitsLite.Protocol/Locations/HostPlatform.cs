namespace BitsLite.Protocol.Locations;

/// <summary>The operating systems whose conventions decide where BitsLite keeps its files.</summary>
public enum HostPlatform
{
    /// <summary>Linux and other Unix systems following the XDG base directory conventions.</summary>
    Linux,

    /// <summary>macOS.</summary>
    MacOS,

    /// <summary>Windows.</summary>
    Windows,
}
