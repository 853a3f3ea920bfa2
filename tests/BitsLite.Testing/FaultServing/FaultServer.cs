using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace BitsLite.Testing.FaultServing;

/// <summary>
/// A real Kestrel HTTP/1.1 server on 127.0.0.1 (ephemeral port) serving in-memory resources with injectable faults,
/// for testing a download client over real sockets. Thread-safe.
/// </summary>
/// <remarks>
/// Normal behaviour: GET and HEAD (others get 405), strong ETag and Last-Modified, Accept-Ranges: bytes,
/// single byte ranges (N-, N-M, -S) answered with 206, unsatisfiable ranges with 416, If-Range per RFC 9110
/// (a mismatch serves the whole current content with 200), unknown paths 404.
/// </remarks>
public sealed class FaultServer : IAsyncDisposable
{
    private static readonly DateTimeOffset LastModifiedBase = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _sync = new();
    private readonly Dictionary<string, ServedResource> _resources = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private int _versionCount;
    private LoopbackApp _host = null!;
    private BasicCredential? _proxyAuthentication;

    private FaultServer()
    {
    }

    /// <summary>
    /// When set, requests in absolute form (sent to this server as a forward proxy, see <see cref="RecordedRequest.RawTarget"/>)
    /// without exactly these Basic credentials in Proxy-Authorization are answered 407 with a Proxy-Authenticate challenge.
    /// As a proxy, the server serves its own resources by the path of the absolute URL, whatever host it names.
    /// </summary>
    public BasicCredential? ProxyAuthentication
    {
        get => Volatile.Read(ref _proxyAuthentication);
        set => Volatile.Write(ref _proxyAuthentication, value);
    }

    /// <summary>The server root, http://127.0.0.1:{port}/.</summary>
    public Uri BaseUri => Url("/");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> AllRequests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server listening on 127.0.0.1 with an ephemeral port.</summary>
    public static async Task<FaultServer> StartAsync()
    {
        var server = new FaultServer();

        // Paced and gated responses must not be cut off by Kestrel's minimum data rate.
        server._host = await LoopbackApp.StartAsync(server.HandleAsync, limits => limits.MinResponseDataRate = null);
        return server;
    }

    /// <summary>
    /// An absolute URL for <paramref name="path"/> on this server. With <paramref name="alternateHost"/> the host is
    /// "localhost" instead of "127.0.0.1": the same server under a different host name.
    /// </summary>
    public Uri Url(string path, bool alternateHost = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var host = alternateHost ? "localhost" : "127.0.0.1";
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{_host.Port}{NormalizePath(path)}"));
    }

    /// <summary>
    /// Defines (or redefines) the resource at <paramref name="path"/>, e.g. "/a.bin". Redefining resets its request
    /// counters and gives it new Last-Modified values. The content is copied.
    /// </summary>
    public void Serve(string path, byte[] content, FaultPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        plan ??= new FaultPlan();
        plan.Validate();

        lock (_sync)
        {
            var original = new ResourceVersion([.. content], NextLastModified());
            var changed = plan.ChangedContent is null ? null : new ResourceVersion([.. plan.ChangedContent], NextLastModified());
            _resources[NormalizePath(path)] = new ServedResource(plan, original, changed);
        }
    }

    /// <summary>The requests received for <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = NormalizePath(path);
        lock (_sync)
        {
            return [.. _requests.Where(r => string.Equals(r.Path, normalized, StringComparison.Ordinal))];
        }
    }

    /// <summary>Stops the server; held (gated) and paced responses are cancelled.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string NormalizePath(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private static RecordedRequest CreateRecord(HttpRequest request, string path, int statusCode)
    {
        var headers = request.Headers.ToFrozenDictionary(
            h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(
            request.Method,
            path,
            request.Host.Value ?? string.Empty,
            Header(request.Headers, HeaderNames.Range),
            Header(request.Headers, HeaderNames.IfRange),
            Header(request.Headers, HeaderNames.Authorization),
            headers,
            statusCode);
    }

    private DateTimeOffset NextLastModified() => LastModifiedBase.AddMinutes(++_versionCount);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.Value : "/";
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
        var proxied = rawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var proxyAuthentication = ProxyAuthentication;
        PlannedResponse planned;
        lock (_sync)
        {
            if (proxied && proxyAuthentication is not null && !proxyAuthentication.IsAnsweredBy(Header(request.Headers, HeaderNames.ProxyAuthorization)))
            {
                planned = new PlannedResponse { StatusCode = StatusCodes.Status407ProxyAuthenticationRequired, ProxyAuthenticate = proxyAuthentication.Challenge };
            }
            else
            {
                planned = _resources.TryGetValue(path, out var resource)
                    ? resource.Decide(request.Method, Header(request.Headers, HeaderNames.Range), Header(request.Headers, HeaderNames.IfRange), Header(request.Headers, HeaderNames.Authorization))
                    : PlannedResponse.Bare(StatusCodes.Status404NotFound);
            }

            _requests.Add(CreateRecord(request, path, planned.StatusCode) with { RawTarget = rawTarget, ReceivedAt = Stopwatch.GetTimestamp() });
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _host.Stopping);
        try
        {
            await ResponseWriter.WriteAsync(context.Response, planned, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away or the server is stopping; Kestrel closes the connection.
        }
    }
}
