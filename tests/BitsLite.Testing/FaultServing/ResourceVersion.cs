using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace BitsLite.Testing.FaultServing;

/// <summary>One version of a served resource: its bytes and its validators.</summary>
internal sealed class ResourceVersion
{
    public ResourceVersion(byte[] content, DateTimeOffset lastModified)
    {
        Content = content;
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
        LastModified = lastModified;
        LastModifiedHeader = lastModified.ToString("r", CultureInfo.InvariantCulture);
    }

    public byte[] Content { get; }

    /// <summary>Strong, quoted entity tag derived from the content hash.</summary>
    public string ETag { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary>Last-Modified in IMF-fixdate (RFC 1123) form.</summary>
    public string LastModifiedHeader { get; }

    /// <summary>
    /// RFC 9110 section 13.1.5: an entity tag matches by strong comparison (weak tags never match);
    /// an HTTP-date matches only if it equals Last-Modified exactly.
    /// </summary>
    public bool MatchesIfRange(string ifRange)
    {
        var value = ifRange.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            return false;
        }

        if (value.StartsWith('"'))
        {
            return string.Equals(value, ETag, StringComparison.Ordinal);
        }

        return HeaderUtilities.TryParseDate(value, out var date) && date == LastModified;
    }
}
