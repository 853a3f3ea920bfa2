namespace BitsLite.Protocol.Transfers;

/// <summary>Whom a credential is for (BITS' BG_AUTH_TARGET).</summary>
public enum TransferCredentialTarget
{
    /// <summary>The server that holds the file.</summary>
    Server,

    /// <summary>The proxy the request goes through.</summary>
    Proxy,
}
