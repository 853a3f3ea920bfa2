using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Endpoints;

/// <summary>The endpoint's log messages.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Received {FileName} ({Length} bytes, {Method}) from {Client}")]
    public static partial void Received(ILogger logger, string fileName, long length, UploadMethod method, string client);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Method} {Packet} for '{Name}' from {Client}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string packet, string name, string client, string reason);

    /// <summary>A refusal by one of the endpoint's limits: worth a warning, since it is either abuse or a limit set too low.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Limit reached: refused {Request} for '{Name}' from {Client}: {Reason}")]
    public static partial void LimitReached(ILogger logger, string request, string name, string client, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BITS upload session {SessionId} failed on the server")]
    public static partial void ServerFailure(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply factory failed for {FileName} (session {SessionId})")]
    public static partial void ReplyFailed(ILogger logger, string fileName, Guid sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upload-completed callback failed for {FileName}")]
    public static partial void CompletedCallbackFailed(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PUT of '{Name}' failed on the server")]
    public static partial void PutFailed(ILogger logger, string name, Exception exception);
}
