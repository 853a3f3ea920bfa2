namespace BitsLite.Server.Protocol;

/// <summary>
/// Names and fixed values of the BITS upload protocol (Microsoft's "BITS Upload Protocol" reference and [MC-BUP]).
/// </summary>
internal static class BitsHeaders
{
    /// <summary>The verb of every request packet.</summary>
    public const string Method = "BITS_POST";

    public const string PacketType = "BITS-Packet-Type";
    public const string SessionId = "BITS-Session-Id";
    public const string SupportedProtocols = "BITS-Supported-Protocols";
    public const string Protocol = "BITS-Protocol";
    public const string ReceivedContentRange = "BITS-Received-Content-Range";
    public const string ReplyUrl = "BITS-Reply-URL";

    /// <summary>The error header as the Windows SDK's packet pages name it.</summary>
    public const string ErrorCode = "BITS-Error-Code";

    /// <summary>The same error header as [MC-BUP] section 2.2.1.2 names it; sent too, with the same value.</summary>
    public const string Error = "BITS-Error";

    public const string ErrorContext = "BITS-Error-Context";
    public const string ContentName = "Content-Name";

    /// <summary>The packet type of every response.</summary>
    public const string AckPacketType = "Ack";

    /// <summary>The only encoding the server accepts (Accept-Encoding of the Ack for Create-Session).</summary>
    public const string IdentityEncoding = "Identity";

    /// <summary>The BITS 1.5 upload protocol, the only one there is.</summary>
    public static readonly Guid Upload15Protocol = new("7df0354d-249b-430f-820d-3d2a9bef4931");
}
