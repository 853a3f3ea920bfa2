using BitsLite.Server.Sessions;
using Microsoft.AspNetCore.Http;

namespace BitsLite.Server.Endpoints;

/// <summary>
/// Serves the reply of an upload-reply session at <c>{pattern}/BITS-Replies/{session id}</c>, the URL the last
/// fragment's Ack names, until the session is closed, cancelled or expires. The session id, a random GUID, is the
/// capability: whoever has the URL may download the reply.
/// </summary>
internal sealed class ReplyHandler(SessionStore store)
{
    public const string RouteValue = "sessionId";

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        if (!Guid.TryParse(context.Request.RouteValues[RouteValue] as string, out var sessionId))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        FileStream? reply = null;
        string? contentType = null;
        using (var lease = await store.EnterAsync(sessionId, context.RequestAborted).ConfigureAwait(false))
        {
            if (lease.Status == SessionLookupStatus.Found && lease.Session.ReplyContentType is { } type)
            {
                // Opened under the gate; read after it, while Close-Session may already delete the file (FileShare.Delete).
                reply = new FileStream(lease.Session.ReplyPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
                contentType = type;
            }
        }

        if (reply is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (reply.ConfigureAwait(false))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = reply.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await reply.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
