using System.Net.Http.Headers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// What goes into a request and comes out of a response, apart from sending it: a resumed GET (Range and If-Range from
/// the file's validator), the job's custom headers (for which origins), and the validator a response gives.
/// </summary>
internal static class HttpRequests
{
    private const string ETagPrefix = "etag:";
    private const string DatePrefix = "date:";

    // Never sent to an origin other than the one the user named (pre-signed redirects to S3, GitHub release assets, …),
    // even when the job lets its other custom headers go there.
    public static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie",
    };

    /// <summary>A GET of <paramref name="url"/>, resuming at <paramref name="offset"/> when the file's validator allows it (If-Range).</summary>
    public static HttpRequestMessage Download(Uri url, Uri original, IReadOnlyList<string> headers, HttpAccess access, long offset, string? validator)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        AddCustomHeaders(request, original, headers, access);

        if (offset > 0 && validator is not null)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            request.Headers.IfRange = validator.StartsWith(ETagPrefix, StringComparison.Ordinal)
                ? new RangeConditionHeaderValue(EntityTagHeaderValue.Parse(validator[ETagPrefix.Length..]))
                : new RangeConditionHeaderValue(DateTimeOffset.Parse(validator[DatePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    /// <summary>
    /// Adds a job's custom headers ("Name: value") to <paramref name="request"/> when it goes to the origin of
    /// <paramref name="original"/>; to another origin none, unless <see cref="HttpAccess.SendCustomHeadersToOtherOrigins"/>
    /// (and even then no credential header: Authorization, Proxy-Authorization, Cookie).
    /// </summary>
    public static void AddCustomHeaders(HttpRequestMessage request, Uri original, IReadOnlyList<string> headers, HttpAccess access)
    {
        var sameOrigin = SchemeCredentials.SameOrigin(request.RequestUri!, original);
        if (!sameOrigin && !access.SendCustomHeadersToOtherOrigins)
        {
            return;
        }

        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon].Trim();
            if ((sameOrigin || !CredentialHeaders.Contains(name)) && !request.Headers.TryAddWithoutValidation(name, header[(colon + 1)..].Trim()))
            {
                // Content headers (Content-Type, …) belong to an upload's body.
                request.Content?.Headers.TryAddWithoutValidation(name, header[(colon + 1)..].Trim());
            }
        }
    }

    /// <summary>A strong ETag, else Last-Modified; weak ETags cannot be used with If-Range (RFC 9110 13.1.5).</summary>
    public static string? ValidatorOf(HttpResponseMessage response)
    {
        if (response.Headers.ETag is { IsWeak: false } etag)
        {
            return ETagPrefix + etag.Tag;
        }

        return response.Content.Headers.LastModified is { } modified
            ? DatePrefix + modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }
}
