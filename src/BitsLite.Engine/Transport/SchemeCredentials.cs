using System.Net;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// A job's credentials for one target, answered only for the schemes the job named and, for servers, only for the
/// origin (scheme, host and port) of the file's own URL: a host that a redirect leads to gets nothing.
/// </summary>
internal sealed class SchemeCredentials : ICredentials
{
    private readonly Uri? _origin;
    private readonly Dictionary<string, NetworkCredential> _byScheme = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="credentials">The credentials of one target (server or proxy).</param>
    /// <param name="origin">The only origin these credentials are given to; <see langword="null"/> for a proxy (any proxy the job uses).</param>
    public SchemeCredentials(IEnumerable<TransferCredential> credentials, Uri? origin)
    {
        _origin = origin;
        foreach (var credential in credentials)
        {
            _byScheme[HttpAccess.SchemeName(credential.Scheme)] = ToNetworkCredential(credential);
        }
    }

    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        if (_origin is not null && !SameOrigin(uri, _origin))
        {
            return null;
        }

        return _byScheme.GetValueOrDefault(authType);
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>For NTLM and Negotiate, "DOMAIN\user" names a domain; Basic and Digest send the name as it is.</summary>
    private static NetworkCredential ToNetworkCredential(TransferCredential credential)
    {
        var user = credential.UserName;
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        return credential.Scheme is TransferAuthScheme.Ntlm or TransferAuthScheme.Negotiate && slash > 0
            ? new NetworkCredential(user[(slash + 1)..], credential.Password, user[..slash])
            : new NetworkCredential(user, credential.Password);
    }
}
