namespace BitsLite.Server;

/// <summary>How a file reached the server.</summary>
public enum UploadMethod
{
    /// <summary>The BITS upload protocol: BITS_POST packets, Create-Session, Fragments, Close-Session.</summary>
    Bits,

    /// <summary>One plain HTTP PUT of the whole file.</summary>
    Put,
}
