namespace BitsLite.Engine.Uploads;

/// <summary>
/// The names and values of the BITS upload protocol (HTTP/1.1, verb BITS_POST), as Microsoft documents its packets:
/// Ping, Create-Session, Fragment, Close-Session and Cancel-Session requests, each answered by an Ack.
/// </summary>
internal static class BitsPackets
{
    /// <summary>The verb of every request packet.</summary>
    public static readonly HttpMethod Method = new("BITS_POST");

    public const string PacketType = "BITS-Packet-Type";
    public const string SupportedProtocols = "BITS-Supported-Protocols";
    public const string Protocol = "BITS-Protocol";
    public const string SessionId = "BITS-Session-Id";
    public const string HostId = "BITS-Host-Id";
    public const string HostIdFallbackTimeout = "BITS-Host-Id-Fallback-Timeout";
    public const string ReceivedContentRange = "BITS-Received-Content-Range";
    public const string ReplyUrl = "BITS-Reply-URL";
    public const string ErrorCode = "BITS-Error-Code";

    /// <summary>The name [MC-BUP] gives the error code header; read as well as <see cref="ErrorCode"/>.</summary>
    public const string Error = "BITS-Error";

    public const string ErrorContext = "BITS-Error-Context";
    public const string ContentName = "Content-Name";

    public const string Ping = "Ping";
    public const string CreateSession = "Create-Session";
    public const string Fragment = "Fragment";
    public const string CloseSession = "Close-Session";
    public const string CancelSession = "Cancel-Session";
    public const string Ack = "Ack";

    /// <summary>The BITS 1.5 upload protocol, the only one there is.</summary>
    public const string Upload15 = "{7df0354d-249b-430f-820d-3d2a9bef4931}";

    /// <summary>BG_E_SESSION_NOT_FOUND: the server does not know the session (expired, closed, or the server restarted).</summary>
    public const uint SessionNotFound = 0x8020001F;

    /// <summary>BITS-Error-Context of an error of the server itself (BG_ERROR_CONTEXT_REMOTE_FILE).</summary>
    public const int ContextRemoteFile = 0x5;

    /// <summary>BITS-Error-Context of an error of the application the server passed the upload to (BG_ERROR_CONTEXT_REMOTE_APPLICATION).</summary>
    public const int ContextRemoteApplication = 0x7;
}
