namespace BitsLite.Protocol.Transfers;

/// <summary>The direction of a transfer job.</summary>
public enum TransferType
{
    /// <summary>One or more files from a server or a local path to local destinations.</summary>
    Download,

    /// <summary>One local file to a server.</summary>
    Upload,

    /// <summary>One local file to a server, whose reply is downloaded to a reply file.</summary>
    UploadReply,
}
