namespace BitsLite.Protocol.Transfers;

/// <summary>How an upload job sends its file to the server.</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum UploadMethod : long
{
    /// <summary>
    /// The BITS upload protocol (BITS_POST packets: Create-Session, Fragment, Close-Session): fragments acknowledged by
    /// the server, so an interrupted upload resumes from what the server says it has. The default.
    /// </summary>
    Bits,

    /// <summary>
    /// One plain HTTP PUT of the whole file, for servers that do not speak the BITS protocol; an interrupted attempt
    /// starts again from the first byte. Not for UploadReply jobs.
    /// </summary>
    Put,
}
