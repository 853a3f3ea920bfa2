namespace BitsLite.Server.Protocol;

/// <summary>The values of BITS-Error-Context a server sends (BG_ERROR_CONTEXT_*).</summary>
internal enum BitsErrorContext
{
    /// <summary>BG_ERROR_CONTEXT_REMOTE_FILE (0x5): the server itself failed.</summary>
    RemoteFile = 0x5,

    /// <summary>BG_ERROR_CONTEXT_REMOTE_APPLICATION (0x7): the application the upload is handed to failed.</summary>
    RemoteApplication = 0x7,
}
