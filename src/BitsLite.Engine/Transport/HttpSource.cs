using System.Net;
using System.Net.Http.Headers;
using BitsLite.Engine.Verification;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// HTTP and HTTPS sources. Resumes with Range + If-Range against the validator of the first response, so a changed
/// file or a server that ignores ranges restarts from zero instead of splicing two versions. Needs neither HEAD nor
/// Content-Length.
/// </summary>
/// <remarks>
/// Jobs without credentials that use the system's proxy share one <see cref="SocketsHttpHandler"/>. A job with
/// credentials or its own proxy settings gets a handler made for them, kept in a <see cref="HttpClientCache"/> under
/// a fingerprint of those settings (and of the file's origin when there are server credentials), so a changed
/// setting takes effect on the next request. Server credentials are given only to the origin of the file's own URL;
/// redirects are followed here (never by the handler), so a redirect to another host never gets them.
/// </remarks>
internal sealed class HttpSource : ITransferSource, IDisposable
{
    private readonly RoutedClient _shared;
    private readonly RoutedClient _sharedBackground;
    private readonly HttpClientCache _clients;
    private readonly IWebProxy _systemProxy;
    private readonly IWebProxy? _systemProxyOverride;
    private readonly TimeSpan _connectTimeout;
    private readonly int _maxRedirects;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;

    /// <param name="options">The engine's options.</param>
    /// <param name="systemProxy">
    /// What stands for the system's proxy (proxy usage SystemDefault and AutoDetect); <see langword="null"/> (the
    /// engine's choice) for <see cref="HttpClient.DefaultProxy"/>: http_proxy, https_proxy and no_proxy on Linux and
    /// macOS, the system setting on Windows. Tests pass their own instead of changing the process's environment.
    /// </param>
    public HttpSource(TransferEngineOptions options, IWebProxy? systemProxy = null)
    {
        _connectTimeout = options.ConnectTimeout;
        _maxRedirects = options.MaxRedirects;
        _stallTimeout = options.StallTimeout;
        _time = options.TimeProvider;
        _systemProxyOverride = systemProxy;
        _systemProxy = systemProxy ?? HttpClient.DefaultProxy;
        RoutedClient Shared(bool background)
        {
            var handler = NewHandler(background);
            if (systemProxy is not null)
            {
                handler.Proxy = systemProxy;
            }

            return new RoutedClient(NewClient(handler), _systemProxy);
        }

        _shared = Shared(background: false);
        _sharedBackground = Shared(background: true);
        _clients = new HttpClientCache(_time);
    }

    /// <summary>The clients made for jobs with their own settings (for tests).</summary>
    internal HttpClientCache Clients => _clients;

    public Task<SourceResponse> OpenAsync(Uri source, long offset, string? validator, IReadOnlyList<string> headers, CancellationToken cancellationToken) =>
        OpenAsync(source, offset, validator, headers, HttpAccess.Default, cancellationToken);

    /// <summary>Opens <paramref name="source"/> with a job's credentials and proxy settings (see <see cref="ITransferSource.OpenAsync"/>).</summary>
    public async Task<SourceResponse> OpenAsync(Uri source, long offset, string? validator, IReadOnlyList<string> headers, HttpAccess access, CancellationToken cancellationToken)
    {
        ClientLease? lease = Lease(access, source);
        try
        {
            var url = source;
            var restarted = false;
            for (var redirects = 0; ; )
            {
                var resume = offset > 0 && validator is not null;
                var (from, at, expected) = (url, resume ? offset : 0, validator);
                var response = await SendAsync(lease.Routed, () => HttpRequests.Download(from, source, headers, access, at, expected), url, access, _stallTimeout, cancellationToken).ConfigureAwait(false);
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
                            return new SourceResponse(Stream.Null, offset, offset, validator, Owner(response, ref lease));
                        }

                        (offset, validator, restarted) = (0, null, true);
                        continue;
                    }

                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        throw FailureClassifier.FromUnauthorized(response, url, source, access.Credentials);
                    }

                    if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
                    {
                        throw FailureClassifier.FromProxyUnauthorized(response, lease.Routed.ProxyFor(url), access.Credentials);
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw FailureClassifier.FromStatus(response, url, _time.GetUtcNow());
                    }

                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.PartialContent && resume)
                    {
                        var range = response.Content.Headers.ContentRange;
                        if (range?.From != offset)
                        {
                            throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"The server sent the range starting at {range?.From} when asked for {offset} of {url}.");
                        }

                        keep = true;
                        return new SourceResponse(body, offset, range.Length, validator, Owner(response, ref lease)) { Digests = ServerDigests.Of(response, partial: true) };
                    }

                    if (response.StatusCode == HttpStatusCode.PartialContent)
                    {
                        throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"The server sent a partial answer to a request for the whole of {url}.");
                    }

                    // A 200: the whole (possibly changed) file from byte 0.
                    keep = true;
                    return new SourceResponse(body, 0, response.Content.Headers.ContentLength, HttpRequests.ValidatorOf(response), Owner(response, ref lease)) { Digests = ServerDigests.Of(response, partial: false) };
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
        finally
        {
            lease?.Dispose();
        }
    }

    /// <summary>
    /// Sends one upload request to <paramref name="url"/> (made by <paramref name="build"/>, which may be called again to
    /// fail over along the job's proxy list) with the job's credentials and proxy, as downloads do; server credentials go
    /// only to the origin of <paramref name="origin"/>. Redirects are not followed, and no timeout applies but the
    /// caller's: a request body may take long under a bandwidth limit, so the caller watches for stalls itself.
    /// </summary>
    /// <returns>The response and the client's lease; disposing it releases both.</returns>
    public async Task<LeasedResponse> SendUploadAsync(Uri url, Uri origin, HttpAccess access, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var lease = Lease(access, origin);
        try
        {
            var response = await SendAsync(lease.Routed, build, url, access, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return new LeasedResponse(response, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>The proxy that requests for <paramref name="url"/> from a job with these settings go through (for messages).</summary>
    public Uri? ProxyFor(HttpAccess access, Uri url)
    {
        using var lease = Lease(access, url);
        return lease.Routed.ProxyFor(url);
    }

    /// <summary>The shared client for jobs with default settings, else the job's own (made on first use).</summary>
    private ClientLease Lease(HttpAccess access, Uri source)
    {
        _clients.Sweep();
        if (access.UsesSharedHandler)
        {
            return new ClientLease(access.Background ? _sharedBackground : _shared);
        }

        // Server credentials are bound to the file's origin, so the origin is part of what identifies the handler.
        var origin = access.HasServerCredentials ? source.GetLeftPart(UriPartial.Authority) : "";
        return _clients.Acquire(access.Fingerprint() + "|" + origin + (access.Background ? "|background" : ""), () => CreateClient(access, source));
    }

    private RoutedClient CreateClient(HttpAccess access, Uri source)
    {
        var handler = NewHandler(access.Background);
        var server = access.Credentials.Where(c => c.Target == TransferCredentialTarget.Server).ToList();
        if (server.Count > 0)
        {
            handler.Credentials = new SchemeCredentials(server, source);

            // Basic credentials go with the first request after one was accepted; the handler keeps them per origin
            // and URL, and holds credentials for the original origin only, so nothing is pre-sent anywhere else.
            handler.PreAuthenticate = true;
        }

        var proxyCredentials = access.Credentials.Any(c => c.Target == TransferCredentialTarget.Proxy)
            ? new SchemeCredentials(access.Credentials.Where(c => c.Target == TransferCredentialTarget.Proxy), origin: null)
            : null;
        IWebProxy? proxy;
        switch (access.Proxy.Usage)
        {
            case TransferProxyUsage.NoProxy:
                handler.UseProxy = false;
                proxy = null;
                break;
            case TransferProxyUsage.Override:
                proxy = new OverrideProxy(access.Proxy.List, access.Proxy.Bypass) { Credentials = proxyCredentials };
                handler.Proxy = proxy;
                break;
            default:
                proxy = proxyCredentials is null ? _systemProxy : new SystemProxyWithCredentials(_systemProxy, proxyCredentials);
                if (proxyCredentials is not null || _systemProxyOverride is not null)
                {
                    handler.Proxy = proxy;
                }

                break;
        }

        return new RoutedClient(NewClient(handler), proxy);
    }

    private SocketsHttpHandler NewHandler(bool background) => new()
    {
        AllowAutoRedirect = false, // followed here, to strip credentials across hosts and to bound the chain
        AutomaticDecompression = DecompressionMethods.None, // byte ranges refer to the stored representation
        UseCookies = false,
        ConnectTimeout = _connectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        // Lets a download find its socket (ResponseConnection); background connections get a receive buffer the back-off can size.
        ConnectCallback = background ? WatchedNetworkStream.ConnectBackgroundAsync : WatchedNetworkStream.ConnectAsync,
    };

    private static HttpClient NewClient(SocketsHttpHandler handler)
    {
        var client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan, // large files take long; stalls are caught per read instead
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("BitsLite/0.1");
        return client;
    }

    /// <summary>Hands the response and the lease to the <see cref="SourceResponse"/>, which disposes both.</summary>
    private static ResponseOwner Owner(HttpResponseMessage response, ref ClientLease? lease)
    {
        var owner = new ResponseOwner(response, lease);
        lease = null;
        return owner;
    }

    /// <summary>
    /// Sends one request (made by <paramref name="build"/>, as a request can be sent once only). When a proxy of the
    /// job's own list cannot be reached, the request goes again at once through the next one, each at most once.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(RoutedClient routed, Func<HttpRequestMessage> build, Uri url, HttpAccess access, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var proxy = routed.ProxyFor(url);
            using var request = build();
            using var stall = new CancellationTokenSource(stallTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            try
            {
                return await routed.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (proxy is not null && !cancellationToken.IsCancellationRequested && !stall.IsCancellationRequested && IsUnreachable(ex))
            {
                if (routed.Proxy is OverrideProxy list)
                {
                    list.FailOver(proxy);
                    if (attempt < list.Proxies.Count)
                    {
                        continue;
                    }
                }

                var others = routed.Proxy is OverrideProxy { Proxies.Count: > 1 } all ? $" (nor any of the other {all.Proxies.Count - 1} proxies of the job)" : "";
                throw TransferFailure.Transient(
                    TransferErrorContext.GeneralTransport,
                    $"The connection to the proxy {proxy.Authority} for {url.Authority} failed{others}: {ex.Message}",
                    ex);
            }
            catch (HttpRequestException ex) when (IsProxyAuthenticationFailure(ex))
            {
                // HTTPS through a proxy: a 407 to the CONNECT request ends as an exception, not as a response.
                throw FailureClassifier.FromProxyUnauthorized(null, proxy, access.Credentials);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw TransferFailure.Transient(TransferErrorContext.GeneralTransport, $"{url.Authority} sent no response within {stallTimeout.TotalSeconds:0} s.", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw FailureClassifier.FromNetwork(ex, url);
            }
        }
    }

    /// <summary>Whether a connection could not be made at all (refused, name not resolved, connect timeout).</summary>
    private static bool IsUnreachable(Exception ex) => ex switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static bool IsProxyAuthenticationFailure(HttpRequestException ex) =>
        ex is { HttpRequestError: HttpRequestError.ProxyTunnelError, StatusCode: HttpStatusCode.ProxyAuthenticationRequired };

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

    public void Dispose()
    {
        _clients.Dispose();
        _shared.Client.Dispose();
        _sharedBackground.Client.Dispose();
    }

    /// <summary>Disposes a response, then gives its client back to the cache.</summary>
    private sealed class ResponseOwner(HttpResponseMessage response, ClientLease? lease) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            lease?.Dispose();
        }
    }
}
