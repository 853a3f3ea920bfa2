using System.Net;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Requests;

/// <summary>A user name and password taken from a PSCredential (through <see cref="NetworkCredential"/>).</summary>
internal static class CredentialValue
{
    /// <summary>The credential for <paramref name="target"/> and <paramref name="scheme"/>; a domain becomes DOMAIN\user.</summary>
    public static TransferCredential From(NetworkCredential credential, TransferCredentialTarget target, TransferAuthScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var user = string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;
        return new TransferCredential { Target = target, Scheme = scheme, UserName = user, Password = credential.Password };
    }
}
