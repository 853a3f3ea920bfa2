namespace BitsLite.Protocol.Transfers;

/// <summary>The direction of a transfer job.</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferType : long
{
    /// <summary>One or more files from a server or a local path to local destinations.</summary>
    Download,

    /// <summary>One local file to a server.</summary>
    Upload,

    /// <summary>One local file to a server, whose reply is downloaded to a reply file.</summary>
    UploadReply,
}
