using System.Security.Cryptography;

namespace BitsLite.Testing.FaultServing;

/// <summary>The digest headers a server sends with a file, for <see cref="FaultPlan.ContentHeaders"/>.</summary>
public static class DigestHeaders
{
    /// <summary><c>Repr-Digest: sha-256=:BASE64:</c> (RFC 9530) of <paramref name="content"/>, with other algorithms beside it.</summary>
    public static Dictionary<string, string> Repr(byte[] content) =>
        new() { ["Repr-Digest"] = $"sha-512=:{Convert.ToBase64String(SHA512.HashData(content))}:, sha-256=:{Base64(content)}:" };

    /// <summary><c>Content-Digest: sha-256=:BASE64:</c> (RFC 9530) of <paramref name="content"/>.</summary>
    public static Dictionary<string, string> Content(byte[] content) =>
        new() { ["Content-Digest"] = $"sha-256=:{Base64(content)}:" };

    /// <summary><c>Digest: SHA-256=BASE64</c> (RFC 3230) of <paramref name="content"/>, after an MD5 one (which is ignored).</summary>
    public static Dictionary<string, string> Legacy(byte[] content) =>
        new() { ["Digest"] = $"MD5=1B2M2Y8AsgTpgAmY7PhCfg==, SHA-256={Base64(content)}" };

    private static string Base64(byte[] content) => Convert.ToBase64String(SHA256.HashData(content));
}
