using System.Net;
using System.Net.Http.Headers;
using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// The packets of one BITS upload session, one request at a time as the protocol requires. Knows the job's URL, the
/// session's id and the host the server asked the session's packets to go to (BITS-Host-Id); judges nothing but
/// credentials and stalls: the caller decides what each Ack means.
/// </summary>
internal sealed class BitsUploadSession
{
    private readonly HttpSource _http;
    private readonly Uri _remote;
    private readonly HttpAccess _access;
    private readonly IReadOnlyList<string> _headers;
    private readonly UploadPacer _pacer;
    private readonly TimeProvider _time;

    public BitsUploadSession(HttpSource http, Uri remote, HttpAccess access, IReadOnlyList<string> headers, UploadPacer pacer, TimeProvider time)
    {
        _http = http;
        _remote = remote;
        _access = access;
        _headers = headers;
        _pacer = pacer;
        _time = time;
    }

    public string? SessionId { get; set; }

    public string? HostId { get; set; }

    /// <summary>Where packets go: the job's URL, with its server part replaced by <see cref="HostId"/> when there is one.</summary>
    public Uri Target => HostId is null ? _remote : WithHost(_remote, HostId);

    public Task<BitsAck> PingAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(BitsPackets.Ping, null, null, cancellationToken);

    /// <summary>Asks for a session; the Ack names it (and may name a host for its packets).</summary>
    public Task<BitsAck> CreateAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(BitsPackets.CreateSession, r => r.Headers.TryAddWithoutValidation(BitsPackets.SupportedProtocols, BitsPackets.Upload15), null, cancellationToken);

    /// <summary>
    /// Sends bytes <paramref name="from"/> to <paramref name="from"/> + <paramref name="length"/> - 1 of a file of
    /// <paramref name="total"/> bytes, with Content-Name when <paramref name="contentName"/> is given (the initial fragment).
    /// </summary>
    public Task<BitsAck> FragmentAsync(long from, long length, long total, string? contentName, Func<FileRegionContent> content, CancellationToken cancellationToken) =>
        ExchangeAsync(BitsPackets.Fragment, r =>
        {
            r.Content!.Headers.ContentRange = new ContentRangeHeaderValue(from, from + length - 1, total);
            if (contentName is not null)
            {
                r.Headers.TryAddWithoutValidation(BitsPackets.ContentName, contentName);
            }
        }, content, cancellationToken);

    public Task<BitsAck> CloseAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(BitsPackets.CloseSession, null, null, cancellationToken);

    public Task<BitsAck> CancelAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(BitsPackets.CancelSession, null, null, cancellationToken);

    private async Task<BitsAck> ExchangeAsync(string packet, Action<HttpRequestMessage>? configure, Func<FileRegionContent>? content, CancellationToken cancellationToken)
    {
        var url = Target;
        var session = SessionId;
        FileRegionContent? body = null;
        HttpRequestMessage Build()
        {
            // A new body for each request: the one sent before is disposed with its request.
            body = content?.Invoke();
            var request = new HttpRequestMessage(BitsPackets.Method, url)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,

                // Every packet has a Content-Length, 0 for those without a body.
                Content = (HttpContent?)body ?? new ByteArrayContent([]),
            };
            HttpRequests.AddCustomHeaders(request, _remote, _headers, _access);
            request.Headers.TryAddWithoutValidation(BitsPackets.PacketType, packet);
            if (session is not null && packet != BitsPackets.CreateSession)
            {
                request.Headers.TryAddWithoutValidation(BitsPackets.SessionId, session);
            }

            configure?.Invoke(request);
            return request;
        }

        using var leased = await UploadExchange.SendAsync(_http, url, _remote, _access, Build, () => body?.LocalFailure, _pacer, packet, cancellationToken).ConfigureAwait(false);
        return BitsAck.Read(leased.Response, _time.GetUtcNow());
    }

    /// <summary>The URL with its host (and port, when the host id names one) replaced.</summary>
    internal static Uri WithHost(Uri url, string hostId)
    {
        var builder = new UriBuilder(url);
        if (Uri.TryCreate(url.Scheme + "://" + hostId.Trim() + "/", UriKind.Absolute, out var host) && host.Host.Length > 0)
        {
            builder.Host = host.Host;
            if (!host.IsDefaultPort)
            {
                builder.Port = host.Port;
            }
        }
        else
        {
            builder.Host = hostId.Trim();
        }

        return builder.Uri;
    }
}
