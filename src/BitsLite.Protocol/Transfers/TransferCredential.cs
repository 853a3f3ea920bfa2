namespace BitsLite.Protocol.Transfers;

/// <summary>A user name and password for a server or a proxy, used when it answers with a challenge for <see cref="Scheme"/>.</summary>
/// <remarks>
/// The password travels only in requests that set credentials; the host keeps it encrypted and never returns it:
/// in <see cref="TransferInfo.Options"/> it is <see langword="null"/>. A job holds at most one credential per target and scheme.
/// </remarks>
public sealed record TransferCredential
{
    /// <summary>Server (default) or Proxy.</summary>
    public TransferCredentialTarget Target { get; set; } = TransferCredentialTarget.Server;

    /// <summary>The authentication scheme; default Basic.</summary>
    public TransferAuthScheme Scheme { get; set; } = TransferAuthScheme.Basic;

    /// <summary>The user name (for NTLM and Negotiate it may be DOMAIN\user).</summary>
    public required string UserName { get; init; }

    /// <summary>The password; required in requests, always <see langword="null"/> in replies.</summary>
    public string? Password { get; init; }
}
