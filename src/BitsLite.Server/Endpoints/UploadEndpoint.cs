using Microsoft.AspNetCore.Http;

namespace BitsLite.Server.Endpoints;

/// <summary>The upload URL's request delegate: BITS_POST packets to the protocol, PUT to the whole-file handler.</summary>
internal sealed class UploadEndpoint(BitsPacketHandler packets, PutHandler put)
{
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HttpMethods.IsPut(context.Request.Method) ? put.HandleAsync(context) : packets.HandleAsync(context);
    }
}
