namespace BitsLite.Protocol.Transfers;

/// <summary>How a credential is presented to a server or proxy (BITS' BG_AUTH_SCHEME, without Passport).</summary>
public enum TransferAuthScheme
{
    /// <summary>User name and password in each request (RFC 7617); send it only over HTTPS or to a trusted proxy.</summary>
    Basic,

    /// <summary>Digest challenge-response (RFC 7616).</summary>
    Digest,

    /// <summary>NTLM challenge-response; on Linux and macOS it needs the system's GSSAPI NTLM support (gss-ntlmssp).</summary>
    Ntlm,

    /// <summary>Negotiate (Kerberos, falling back to NTLM); on Linux and macOS it needs GSSAPI and a Kerberos ticket or NTLM support.</summary>
    Negotiate,
}
