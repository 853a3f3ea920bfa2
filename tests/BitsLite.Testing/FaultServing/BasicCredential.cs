using System.Text;

namespace BitsLite.Testing.FaultServing;

/// <summary>
/// A user name and password a <see cref="FaultServer"/> demands with a Basic challenge: from a resource
/// (<see cref="FaultPlan.RequireBasic"/>, 401 + WWW-Authenticate) or from the server acting as a forward proxy
/// (<see cref="FaultServer.ProxyAuthentication"/>, 407 + Proxy-Authenticate).
/// </summary>
public sealed record BasicCredential(string UserName, string Password, string Realm = "files")
{
    /// <summary>The challenge header value, e.g. <c>Basic realm="files"</c>.</summary>
    public string Challenge => $"Basic realm=\"{Realm}\"";

    /// <summary>The header value a client answers with: <c>Basic base64(user:password)</c>.</summary>
    public string Answer => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(UserName + ":" + Password));

    /// <summary>Whether an Authorization or Proxy-Authorization header value carries exactly these credentials.</summary>
    public bool IsAnsweredBy(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            return string.Equals(decoded, UserName + ":" + Password, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
