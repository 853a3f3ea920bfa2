using System.Security.Cryptography;
using System.Text;
using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// A job's credentials and proxy settings, as one HTTP request needs them. Taken from the job under its gate for each
/// request, so a change made by <c>TransferEngine.SetAsync</c> applies to the next request.
/// </summary>
internal sealed class HttpAccess
{
    public HttpAccess(IReadOnlyList<TransferCredential> credentials, TransferProxy proxy)
    {
        Credentials = credentials;
        Proxy = proxy;
    }

    /// <summary>No credentials, the system's proxy.</summary>
    public static HttpAccess Default { get; } = new([], new TransferProxy());

    /// <summary>A job's settings, for its next request. Call under the job's gate.</summary>
    public static HttpAccess ForJob(TransferJob job, bool background = false) => new(job.Options.Credentials, job.Options.Proxy)
    {
        Background = background,
        SendCustomHeadersToOtherOrigins = job.Options.CustomHeadersToOtherOrigins,
    };

    /// <summary>With their passwords: never put these in messages.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; }

    public TransferProxy Proxy { get; }

    /// <summary>
    /// For a transfer under back-off: its connections are kept apart from other transfers', as the back-off shrinks their
    /// receive buffers.
    /// </summary>
    public bool Background { get; init; }

    /// <summary>
    /// Whether the job's custom headers also go to origins (scheme, host, port) other than its own URL's, where a
    /// redirect, a BITS-Host-Id or an upload's reply URL leads. Off by default: none of them goes there, as any may carry
    /// a secret (X-Api-Key, a signature). Even on, Authorization, Proxy-Authorization and Cookie never go there.
    /// </summary>
    public bool SendCustomHeadersToOtherOrigins { get; init; }

    /// <summary>No credentials and the system's proxy: the engine's one shared handler serves such requests.</summary>
    public bool UsesSharedHandler =>
        Credentials.Count == 0 && Proxy.Usage is TransferProxyUsage.SystemDefault or TransferProxyUsage.AutoDetect;

    public bool HasServerCredentials => Credentials.Any(c => c.Target == TransferCredentialTarget.Server);

    /// <summary>The scheme's name in WWW-Authenticate and Proxy-Authenticate challenges.</summary>
    public static string SchemeName(TransferAuthScheme scheme) => scheme switch
    {
        TransferAuthScheme.Basic => "Basic",
        TransferAuthScheme.Digest => "Digest",
        TransferAuthScheme.Ntlm => "NTLM",
        TransferAuthScheme.Negotiate => "Negotiate",
        _ => scheme.ToString(),
    };

    /// <summary>
    /// Identifies these settings (passwords included, so a new password gets a new handler) without containing them:
    /// a SHA-256 over a length-prefixed form of every field.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        void Add(string value) => text.Append(value.Length).Append(':').Append(value).Append(';');
        Add(Proxy.Usage.ToString());
        if (Proxy.Usage == TransferProxyUsage.Override)
        {
            Add(Proxy.List.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var entry in Proxy.List)
            {
                Add(entry);
            }

            Add(Proxy.Bypass.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var entry in Proxy.Bypass)
            {
                Add(entry);
            }
        }

        foreach (var credential in Credentials)
        {
            Add(credential.Target.ToString());
            Add(credential.Scheme.ToString());
            Add(credential.UserName);
            Add(credential.Password ?? "");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
