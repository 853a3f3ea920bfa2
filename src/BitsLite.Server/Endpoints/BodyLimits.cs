using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace BitsLite.Server.Endpoints;

/// <summary>
/// Kestrel's limits for one upload body: its 30 MB body size limit is lifted (the endpoint checks sizes against
/// Content-Range and the maximum upload size itself), and the minimum body rate becomes the endpoint's, which gives
/// clients that pace themselves a longer grace period than Kestrel's 5 s but still cuts off a body that trickles.
/// HTTP/2 and HTTP/3 allow only switching the per-request rate off; with a rate set, the server's own limit for their
/// connections applies.
/// </summary>
internal static class BodyLimits
{
    public static void ForUploads(HttpContext context, MinDataRate? minimumRate)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            var protocol = context.Request.Protocol;
            if (minimumRate is null || HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
            {
                rate.MinDataRate = minimumRate;
            }
        }
    }

    /// <summary>Whether reading the body failed because it came slower than the minimum rate (Kestrel then answers 408).</summary>
    public static bool IsTooSlow(Exception exception) =>
        exception is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout };
}
