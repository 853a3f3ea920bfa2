using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BitsLite.Server.Protocol;

/// <summary>
/// One response packet: always <c>BITS-Packet-Type: Ack</c> with a Content-Length (here 0), plus the headers the packet
/// it answers calls for. A non-2xx Ack carries BITS-Error-Code (and its [MC-BUP] twin BITS-Error) and BITS-Error-Context.
/// </summary>
internal sealed record BitsAck
{
    public required int StatusCode { get; init; }

    /// <summary>BITS-Session-Id: the session the Ack is about, as the client named it (or as created).</summary>
    public string? SessionId { get; init; }

    /// <summary>BITS-Protocol of an Ack for Create-Session.</summary>
    public Guid? Protocol { get; init; }

    /// <summary>BITS-Received-Content-Range of an Ack for Fragment: the next offset the server expects.</summary>
    public long? ReceivedContentRange { get; init; }

    /// <summary>BITS-Reply-URL of the Ack for the last fragment of an upload-reply session.</summary>
    public string? ReplyUrl { get; init; }

    public uint? ErrorCode { get; init; }

    public BitsErrorContext ErrorContext { get; init; } = BitsErrorContext.RemoteFile;

    public static BitsAck Ok(string? sessionId = null) => new() { StatusCode = StatusCodes.Status200OK, SessionId = sessionId };

    public static BitsAck Error(int statusCode, uint errorCode, string? sessionId = null, BitsErrorContext context = BitsErrorContext.RemoteFile) =>
        new() { StatusCode = statusCode, ErrorCode = errorCode, SessionId = sessionId, ErrorContext = context };

    /// <summary>BG_E_SESSION_NOT_FOUND with HTTP 500, as [MC-BUP]'s error table has it.</summary>
    public static BitsAck SessionNotFound(string? sessionId) =>
        Error(StatusCodes.Status500InternalServerError, BitsErrorCodes.SessionNotFound, sessionId);

    /// <summary>E_INVALIDARG with HTTP 400: headers that break the message rules, or an unexpected packet.</summary>
    public static BitsAck InvalidArgument(string? sessionId = null) =>
        Error(StatusCodes.Status400BadRequest, BitsErrorCodes.InvalidArgument, sessionId);

    public Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCode;
        var headers = response.Headers;
        headers[BitsHeaders.PacketType] = BitsHeaders.AckPacketType;
        if (SessionId is not null)
        {
            headers[BitsHeaders.SessionId] = SessionId;
        }

        if (Protocol is { } protocol)
        {
            headers[BitsHeaders.Protocol] = protocol.ToString("B");
            headers.AcceptEncoding = BitsHeaders.IdentityEncoding;
        }

        if (ReceivedContentRange is { } received)
        {
            headers[BitsHeaders.ReceivedContentRange] = received.ToString(CultureInfo.InvariantCulture);
        }

        if (ReplyUrl is not null)
        {
            headers[BitsHeaders.ReplyUrl] = ReplyUrl;
        }

        if (ErrorCode is { } code)
        {
            var text = BitsErrorCodes.Format(code);
            headers[BitsHeaders.ErrorCode] = text;
            headers[BitsHeaders.Error] = text;
            headers[BitsHeaders.ErrorContext] = "0x" + ((int)ErrorContext).ToString("X", CultureInfo.InvariantCulture);
        }

        response.ContentLength = 0;
        return response.CompleteAsync();
    }
}
