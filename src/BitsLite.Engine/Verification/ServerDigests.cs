using System.Net.Http.Headers;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Verification;

/// <summary>
/// The SHA-256 digests of the whole file that an HTTP response carries, which a download is checked against with no
/// option needed:
/// <list type="bullet">
/// <item><c>Repr-Digest: sha-256=:BASE64:</c> (RFC 9530): the digest of the whole representation, so valid for a 200
/// and for a 206 alike.</item>
/// <item><c>Content-Digest: sha-256=:BASE64:</c> (RFC 9530): the digest of this message's content, which is the whole
/// file for a 200 only; on a 206 it covers the range alone and is ignored.</item>
/// <item><c>Digest: SHA-256=BASE64</c> (RFC 3230, obsoleted by RFC 9530): the digest of the whole instance, for a 200
/// and a 206.</item>
/// </list>
/// Other algorithms, and values that are not 32 bytes of base64, are ignored.
/// </summary>
internal static class ServerDigests
{
    private const string ReprDigest = "Repr-Digest";
    private const string ContentDigest = "Content-Digest";
    private const string LegacyDigest = "Digest";

    /// <summary>The digests of <paramref name="response"/> that cover the whole file (none for a response without them).</summary>
    /// <param name="response">The response.</param>
    /// <param name="partial">Whether it is a 206 (its content is a range, so Content-Digest does not cover the file).</param>
    public static IReadOnlyList<ServerDigest> Of(HttpResponseMessage response, bool partial)
    {
        ArgumentNullException.ThrowIfNull(response);
        List<ServerDigest>? digests = null;
        void Add(string header, Func<string, string?> parse)
        {
            foreach (var value in Values(response, header))
            {
                if (parse(value) is { } hash)
                {
                    (digests ??= []).Add(new ServerDigest(header, hash));
                }
            }
        }

        Add(ReprDigest, Structured);
        if (!partial)
        {
            Add(ContentDigest, Structured);
        }

        Add(LegacyDigest, Legacy);
        return digests ?? (IReadOnlyList<ServerDigest>)[];
    }

    /// <summary>The sha-256 member of an RFC 9530 dictionary (<c>sha-256=:BASE64:, sha-512=:…:</c>), as hexadecimal.</summary>
    internal static string? Structured(string value)
    {
        foreach (var member in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !member[..equals].Trim().Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A byte sequence is :BASE64:, possibly followed by parameters (;name=value), which say nothing we use.
            var item = member[(equals + 1)..].Split(';', 2)[0].Trim();
            if (item.Length >= 2 && item[0] == ':' && item[^1] == ':')
            {
                return Decode(item[1..^1]);
            }
        }

        return null;
    }

    /// <summary>The SHA-256 of an RFC 3230 Digest (<c>SHA-256=BASE64, MD5=…</c>), as hexadecimal.</summary>
    internal static string? Legacy(string value)
    {
        foreach (var member in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && member[..equals].Trim().Equals("SHA-256", StringComparison.OrdinalIgnoreCase))
            {
                return Decode(member[(equals + 1)..].Trim());
            }
        }

        return null;
    }

    private static string? Decode(string base64)
    {
        Span<byte> bytes = stackalloc byte[48];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32 ? Sha256Text.FromBytes(bytes[..32]) : null;
    }

    /// <summary>A header's values, wherever the handler put it (these are neither known response nor content headers).</summary>
    private static HeaderStringValues Values(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var found) ? found
        : response.Content.Headers.NonValidated.TryGetValues(name, out var content) ? content
        : default;
}
