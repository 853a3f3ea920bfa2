using System.Net;
using System.Net.Http.Headers;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// HTTP and HTTPS sources over one shared <see cref="SocketsHttpHandler"/>. Resumes with Range + If-Range
/// against the validator of the first response, so a changed file or a server that ignores ranges
/// restarts from zero instead of splicing two versions. Needs neither HEAD nor Content-Length.
/// </summary>
internal sealed class HttpSource : ITransferSource, IDisposable
{
    private const string ETagPrefix = "etag:";
    private const string DatePrefix = "date:";

    // Never sent to a host other than the one the user named (pre-signed redirects to S3, GitHub release assets, …).
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie",
    };

    private readonly HttpClient _client;
    private readonly int _maxRedirects;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;

    public HttpSource(TransferEngineOptions options)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // followed here, to strip credentials across hosts and to bound the chain
            AutomaticDecompression = DecompressionMethods.None, // byte ranges refer to the stored representation
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // large files take long; stalls are caught per read instead
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("BitsLite/0.1");
        _maxRedirects = options.MaxRedirects;
        _stallTimeout = options.StallTimeout;
        _time = options.TimeProvider;
    }

    public async Task<SourceResponse> OpenAsync(Uri source, long offset, string? validator, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        var url = source;
        var restarted = false;
        for (var redirects = 0; ; )
        {
            var resume = offset > 0 && validator is not null;
            using var request = BuildRequest(url, source, headers, resume ? offset : 0, validator);
            var response = await SendAsync(request, url, cancellationToken).ConfigureAwait(false);
            var keep = false;
            try
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    url = NextLocation(response, url, source, ++redirects);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && resume && !restarted)
                {
                    // Everything may already be here (a crash after the last byte); otherwise start over.
                    if (response.Content.Headers.ContentRange?.Length == offset)
                    {
                        keep = true;
                        return new SourceResponse(Stream.Null, offset, offset, validator, response);
                    }

                    (offset, validator, restarted) = (0, null, true);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw FailureClassifier.FromStatus(response, url, _time.GetUtcNow());
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                keep = true;
                if (response.StatusCode == HttpStatusCode.PartialContent && resume)
                {
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From != offset)
                    {
                        throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"The server sent the range starting at {range?.From} when asked for {offset} of {url}.");
                    }

                    return new SourceResponse(body, offset, range.Length, validator, response);
                }

                if (response.StatusCode == HttpStatusCode.PartialContent)
                {
                    throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"The server sent a partial answer to a request for the whole of {url}.");
                }

                // A 200: the whole (possibly changed) file from byte 0.
                return new SourceResponse(body, 0, response.Content.Headers.ContentLength, ValidatorOf(response), response);
            }
            finally
            {
                if (!keep)
                {
                    response.Dispose();
                }
            }
        }
    }

    private static HttpRequestMessage BuildRequest(Uri url, Uri original, IReadOnlyList<string> headers, long offset, string? validator)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        var sameOrigin = Uri.Compare(url, original, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon].Trim();
            if (sameOrigin || !CredentialHeaders.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, header[(colon + 1)..].Trim());
            }
        }

        if (offset > 0 && validator is not null)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            request.Headers.IfRange = validator.StartsWith(ETagPrefix, StringComparison.Ordinal)
                ? new RangeConditionHeaderValue(EntityTagHeaderValue.Parse(validator[ETagPrefix.Length..]))
                : new RangeConditionHeaderValue(DateTimeOffset.Parse(validator[DatePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri url, CancellationToken cancellationToken)
    {
        using var stall = new CancellationTokenSource(_stallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TransferFailure.Transient(TransferErrorContext.GeneralTransport, $"{url.Authority} sent no response within {_stallTimeout.TotalSeconds:0} s.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FailureClassifier.FromNetwork(ex, url);
        }
    }

    private Uri NextLocation(HttpResponseMessage response, Uri url, Uri original, int redirects)
    {
        if (redirects > _maxRedirects)
        {
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"{original} redirected more than {_maxRedirects} times (the last hop was {url}).");
        }

        if (response.Headers.Location is not { } location)
        {
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"{url} answered {(int)response.StatusCode} without a Location.");
        }

        var next = location.IsAbsoluteUri ? location : new Uri(url, location);
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"{url} redirected to {next}, which is not an http(s) URL.");
        }

        if (url.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
        {
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"{url} redirected from HTTPS to plain HTTP ({next}); refused.");
        }

        return next;
    }

    /// <summary>A strong ETag, else Last-Modified; weak ETags cannot be used with If-Range (RFC 9110 13.1.5).</summary>
    private static string? ValidatorOf(HttpResponseMessage response)
    {
        if (response.Headers.ETag is { IsWeak: false } etag)
        {
            return ETagPrefix + etag.Tag;
        }

        return response.Content.Headers.LastModified is { } modified
            ? DatePrefix + modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    public void Dispose() => _client.Dispose();
}
