using BitsLite.Server.Files;
using BitsLite.Server.Protocol;
using BitsLite.Server.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Endpoints;

/// <summary>
/// Answers BITS_POST packets: Ping, Create-Session, Fragment, Close-Session and Cancel-Session, each with one Ack.
/// Every packet about a session runs under that session's gate.
/// </summary>
internal sealed class BitsPacketHandler(UploadEndpointSettings settings, SessionStore store, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        BitsAck ack;
        try
        {
            ack = await ProcessAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Whatever failed, the client gets an Ack it can read (and retries on a 5xx).
            UploadLog.ServerFailure(logger, Guid.Empty, ex);
            ack = BitsAck.Error(StatusCodes.Status500InternalServerError, BitsErrorCodes.FromException(ex));
        }

        await ack.WriteAsync(context.Response).ConfigureAwait(false);
    }

    private Task<BitsAck> ProcessAsync(HttpContext context)
    {
        var requestName = RequestNames.FromRoute(context);
        var packetHeader = context.Request.Headers[BitsHeaders.PacketType].ToString();
        if (!BitsPacketTypes.TryParse(packetHeader, out var packetType))
        {
            return Task.FromResult(Refuse(context, packetHeader, requestName, "unexpected packet type", BitsAck.InvalidArgument()));
        }

        return packetType switch
        {
            BitsPacketType.Ping => Task.FromResult(BitsAck.Ok()),
            BitsPacketType.CreateSession => Task.FromResult(CreateSession(context, requestName)),
            BitsPacketType.Fragment => FragmentAsync(context, requestName),
            BitsPacketType.CloseSession => CloseSessionAsync(context, requestName),
            BitsPacketType.CancelSession => CancelSessionAsync(context, requestName),
            _ => Task.FromResult(BitsAck.InvalidArgument()),
        };
    }

    private BitsAck CreateSession(HttpContext context, string requestName)
    {
        const string Packet = "Create-Session";
        var offered = context.Request.Headers[BitsHeaders.SupportedProtocols].ToString()
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!offered.Any(protocol => Guid.TryParse(protocol, out var id) && id == BitsHeaders.Upload15Protocol))
        {
            // [MC-BUP] 3.2.5.2.4: no protocol in common is HTTP 400 with E_INVALIDARG.
            return Refuse(context, Packet, requestName, "no supported protocol offered", BitsAck.InvalidArgument());
        }

        string? fileName = null;
        if (requestName.Length > 0)
        {
            if (!settings.Directories.TryResolve(requestName, out var path, out var reason))
            {
                return Refuse(context, Packet, requestName, reason, BitsAck.InvalidArgument());
            }

            if (!settings.AllowOverwrite && File.Exists(path))
            {
                return Refuse(context, Packet, requestName, "the file exists", AccessDenied(null));
            }

            fileName = requestName;
        }

        SessionCreation creation;
        UploadSession? session;
        try
        {
            creation = store.TryCreate(settings.ClientKey(context), requestName, fileName, out session);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            UploadLog.ServerFailure(logger, Guid.Empty, ex);
            return BitsAck.Error(StatusCodes.Status500InternalServerError, BitsErrorCodes.FromException(ex));
        }

        if (creation != SessionCreation.Created || session is null)
        {
            // A 5xx, which BITS clients retry after their retry delay: sessions free up as they close or expire.
            var reason = creation == SessionCreation.TotalLimitReached
                ? $"{settings.MaxSessions} sessions open in all"
                : $"{settings.MaxSessionsPerClient} sessions open for this client";
            return LimitReached(context, Packet, requestName, reason, BitsAck.Error(
                StatusCodes.Status503ServiceUnavailable, BitsErrorCodes.TooManySessions));
        }

        return BitsAck.Ok(session.WireId) with { Protocol = BitsHeaders.Upload15Protocol };
    }

    private async Task<BitsAck> FragmentAsync(HttpContext context, string requestName)
    {
        const string Packet = "Fragment";
        var request = context.Request;

        // Content-Length is checked against Content-Range below; a body left unread is drained, not cut off.
        BodyLimits.ForUploads(context, settings.MinRequestBodyDataRate);
        var sessionText = request.Headers[BitsHeaders.SessionId].ToString();
        if (!Guid.TryParse(sessionText, out var sessionId))
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        if (!ContentRange.TryParse(request.Headers.ContentRange, out var range)
            || request.ContentLength != range.Length
            || !IsIdentityEncoding(request.Headers.ContentEncoding.ToString()))
        {
            // [MC-BUP] 3.2.5.2.6: a Content-Range (with its Content-Length) that breaks the rules is 400 with E_INVALIDARG.
            return Refuse(context, Packet, requestName, "bad Content-Range, Content-Length or Content-Encoding", BitsAck.InvalidArgument(sessionText));
        }

        using var lease = await store.EnterAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
        if (lease.Status != SessionLookupStatus.Found || lease.Session.RequestName != requestName)
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        var session = lease.Session;
        if (session.TotalLength is null)
        {
            if (RefusesFirstFragment(context, session, range, requestName, out var refusal))
            {
                return refusal;
            }
        }
        else if (range.Total != session.TotalLength)
        {
            return Refuse(context, Packet, requestName, "the total length changed", BitsAck.InvalidArgument(sessionText));
        }

        if (range.Start > session.Received)
        {
            // A gap: the server keeps one contiguous range, and says where it ends (HRESULT 0 as in [MC-BUP]'s table).
            return BitsAck.Error(StatusCodes.Status416RangeNotSatisfiable, BitsErrorCodes.None, sessionText) with
            {
                ReceivedContentRange = session.Received,
            };
        }

        var wasComplete = session.IsComplete;
        try
        {
            await WriteNewBytesAsync(context, session, range).ConfigureAwait(false);
            if (session.IsComplete && !wasComplete)
            {
                FilePlacement.FlushToDisk(session.DataPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadHttpRequestException or OperationCanceledException)
        {
            SaveQuietly(session);
            if (BodyLimits.IsTooSlow(ex))
            {
                // 408 is transient for BITS clients; the bytes that arrived are kept, as for any broken body.
                return LimitReached(context, Packet, requestName, "the body came slower than the minimum data rate", BitsAck.Error(
                    StatusCodes.Status408RequestTimeout, BitsErrorCodes.RequestTimeout, sessionText));
            }

            if (context.RequestAborted.IsCancellationRequested || ex is BadHttpRequestException or OperationCanceledException)
            {
                // The client went away mid-body; what arrived is kept, and its next packet learns the offset.
                return BitsAck.Error(StatusCodes.Status400BadRequest, BitsErrorCodes.InvalidArgument, sessionText);
            }

            UploadLog.ServerFailure(logger, session.Id, ex);
            return BitsAck.Error(StatusCodes.Status500InternalServerError, BitsErrorCodes.FromException(ex), sessionText);
        }

        var ack = BitsAck.Ok(sessionText) with { ReceivedContentRange = session.Received };
        if (session.IsComplete && settings.ReplyFactory is not null && range.IsLast)
        {
            ack = await WithReplyAsync(context, session, ack).ConfigureAwait(false);
        }

        SaveQuietly(session);
        return ack;
    }

    /// <summary>The first fragment fixes the file's length and, for a session at the endpoint's own URL, its name.</summary>
    private bool RefusesFirstFragment(HttpContext context, UploadSession session, ContentRange range, string requestName, out BitsAck refusal)
    {
        const string Packet = "Fragment";
        var sessionText = session.WireId;
        refusal = BitsAck.Ok(sessionText);
        if (settings.MaxUploadSize is { } max && range.Total > max)
        {
            // Nothing of an upload that may not be kept stays on disk.
            store.End(session, SessionEnd.Refused);
            refusal = LimitReached(context, Packet, requestName, $"{range.Total} bytes is more than the maximum upload size, {max}", BitsAck.Error(
                StatusCodes.Status413RequestEntityTooLarge, BitsErrorCodes.TooLarge, sessionText));
            return true;
        }

        var name = session.FileName ?? context.Request.Headers[BitsHeaders.ContentName].ToString();
        if (!settings.Directories.TryResolve(name, out var path, out var reason))
        {
            store.End(session, SessionEnd.Refused);
            refusal = Refuse(context, Packet, name, reason, BitsAck.InvalidArgument(sessionText));
            return true;
        }

        if (!settings.AllowOverwrite && File.Exists(path))
        {
            store.End(session, SessionEnd.Refused);
            refusal = Refuse(context, Packet, name, "the file exists", AccessDenied(sessionText));
            return true;
        }

        session.FileName = name;
        session.TotalLength = range.Total;
        return false;
    }

    private static async Task WriteNewBytesAsync(HttpContext context, UploadSession session, ContentRange range)
    {
        // Bytes before Received are on disk already: a fragment that overlaps them writes only what is new.
        var offset = session.Received;
        var count = range.End - offset + 1;
        using var file = File.OpenHandle(session.DataPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (count <= 0)
        {
            return;
        }

        try
        {
            await BodyCopier.CopyAsync(
                context.Request.BodyReader,
                file,
                skip: offset - range.Start,
                fileOffset: offset,
                count,
                limit: long.MaxValue,
                written => session.Received = offset + written,
                context.RequestAborted).ConfigureAwait(false);
        }
        catch
        {
            // A write that failed half-way may have left bytes past Received; the file's length must stay the offset.
            RandomAccess.SetLength(file, session.Received);
            throw;
        }
    }

    /// <summary>
    /// The Ack for the last fragment of an upload-reply endpoint: with BITS-Reply-URL once the reply exists (made now, or
    /// by an earlier copy of this fragment), or a 5xx in the remote-application context if the factory failed.
    /// </summary>
    private async Task<BitsAck> WithReplyAsync(HttpContext context, UploadSession session, BitsAck ack)
    {
        if (session.ReplyContentType is null)
        {
            var file = new UploadedFile(session.FileName!, session.DataPath, session.Received, UploadMethod.Bits);
            try
            {
                var reply = await settings.ReplyFactory!(file, context.RequestAborted).ConfigureAwait(false);
                await File.WriteAllBytesAsync(session.ReplyPath, reply.Content, context.RequestAborted).ConfigureAwait(false);
                session.ReplyContentType = reply.ContentType;
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                // The application failed, not the transfer: a 5xx makes the client send the last fragment again.
                UploadLog.ReplyFailed(logger, file.Name, session.Id, ex);
                return BitsAck.Error(
                    StatusCodes.Status500InternalServerError, BitsErrorCodes.Fail, ack.SessionId, BitsErrorContext.RemoteApplication);
            }
        }

        return ack with { ReplyUrl = ReplyUrl(context.Request, session) };
    }

    private async Task<BitsAck> CloseSessionAsync(HttpContext context, string requestName)
    {
        var sessionText = context.Request.Headers[BitsHeaders.SessionId].ToString();
        if (!Guid.TryParse(sessionText, out var sessionId))
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        using var lease = await store.EnterAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
        if (lease.Status == SessionLookupStatus.Closed)
        {
            // A retry whose first Ack was lost: the session was closed as asked.
            return BitsAck.Ok(sessionText);
        }

        if (lease.Status != SessionLookupStatus.Found || lease.Session.RequestName != requestName)
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        var session = lease.Session;
        if (!session.IsComplete)
        {
            // Close-Session before every byte arrived deletes the upload: there are no partial files.
            store.End(session, SessionEnd.Closed);
            return BitsAck.Ok(sessionText);
        }

        var name = session.FileName!;
        if (!settings.Directories.TryResolve(name, out var destination, out var reason))
        {
            store.End(session, SessionEnd.Refused);
            return Refuse(context, "Close-Session", name, reason, BitsAck.InvalidArgument(sessionText));
        }

        PlacementResult placement;
        try
        {
            placement = FilePlacement.Place(session.DataPath, destination, settings.AllowOverwrite, settings.Directories);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The data stays in the session; the client retries Close-Session on a 5xx.
            UploadLog.ServerFailure(logger, session.Id, ex);
            return BitsAck.Error(StatusCodes.Status500InternalServerError, BitsErrorCodes.FromException(ex), sessionText);
        }

        if (placement == PlacementResult.AlreadyExists)
        {
            store.End(session, SessionEnd.Refused);
            return Refuse(context, "Close-Session", name, "the file exists", AccessDenied(sessionText));
        }

        var length = session.Received;
        store.End(session, SessionEnd.Closed);
        await UploadCompletion.ReportAsync(
            settings, logger, new UploadedFile(name, destination, length, UploadMethod.Bits), settings.ClientKey(context), context.RequestAborted)
            .ConfigureAwait(false);
        return BitsAck.Ok(sessionText);
    }

    private async Task<BitsAck> CancelSessionAsync(HttpContext context, string requestName)
    {
        var sessionText = context.Request.Headers[BitsHeaders.SessionId].ToString();
        if (!Guid.TryParse(sessionText, out var sessionId))
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        using var lease = await store.EnterAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
        if (lease.Status is SessionLookupStatus.Cancelled or SessionLookupStatus.Closed)
        {
            return BitsAck.Ok(sessionText);
        }

        if (lease.Status != SessionLookupStatus.Found || lease.Session.RequestName != requestName)
        {
            return BitsAck.SessionNotFound(sessionText);
        }

        store.End(lease.Session, SessionEnd.Cancelled);
        return BitsAck.Ok(sessionText);
    }

    private string ReplyUrl(HttpRequest request, UploadSession session) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{settings.ReplyPath}/{session.Id:D}";

    private void SaveQuietly(UploadSession session)
    {
        try
        {
            session.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The data file is the truth about the bytes; only the idle time would be stale after a restart.
            UploadLog.ServerFailure(logger, session.Id, ex);
        }
    }

    private BitsAck Refuse(HttpContext context, string packet, string name, string reason, BitsAck ack)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var client = settings.ClientKey(context);
            UploadLog.Refused(logger, BitsHeaders.Method, packet, name, client, reason);
        }

        return ack;
    }

    private BitsAck LimitReached(HttpContext context, string packet, string name, string reason, BitsAck ack)
    {
        UploadLog.LimitReached(logger, BitsHeaders.Method + " " + packet, name, settings.ClientKey(context), reason);
        return ack;
    }

    /// <summary>E_ACCESSDENIED with HTTP 403: [MC-BUP]'s row for "the destination URL exists and cannot be overwritten".</summary>
    private static BitsAck AccessDenied(string? sessionId) =>
        BitsAck.Error(StatusCodes.Status403Forbidden, BitsErrorCodes.AccessDenied, sessionId);

    private static bool IsIdentityEncoding(string encoding) =>
        encoding.Length == 0 || string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase);
}
