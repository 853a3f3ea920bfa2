using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace BitsLite.Server.Endpoints;

/// <summary>
/// Lifts two Kestrel defaults for upload bodies: the 30 MB body size limit (the endpoint checks sizes itself) and the
/// minimum body rate of 240 bytes/s, which would drop a background client that throttles itself; over HTTP/1.x a body
/// must still bring a byte per second on average after a minute, so dead connections do not stay open (HTTP/2 and
/// HTTP/3 allow only switching the per-request rate off; their connections have their own keep-alive pings).
/// </summary>
internal static class BodyLimits
{
    private static readonly MinDataRate Background = new(bytesPerSecond: 1, gracePeriod: TimeSpan.FromMinutes(1));

    public static void ForUploads(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            var protocol = context.Request.Protocol;
            rate.MinDataRate = HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol) ? Background : null;
        }
    }
}
