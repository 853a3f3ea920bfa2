using BitsLite.Server.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BitsLite.Server.Endpoints;

/// <summary>An endpoint's settings, fixed when it is mapped (a copy of <see cref="BitsUploadOptions"/>, paths resolved).</summary>
internal sealed record UploadEndpointSettings
{
    public required UploadDirectories Directories { get; init; }

    public long? MaxUploadSize { get; init; }

    /// <summary>For the log line of a refused Create-Session; the store enforces it.</summary>
    public int? MaxSessionsPerClient { get; init; }

    /// <summary>For the log line of a refused Create-Session; the store enforces it.</summary>
    public int? MaxSessions { get; init; }

    public MinDataRate? MinRequestBodyDataRate { get; init; }

    public bool AllowOverwrite { get; init; }

    public required Func<HttpContext, string> ClientKey { get; init; }

    public Func<UploadedFile, CancellationToken, Task<UploadReply>>? ReplyFactory { get; init; }

    public Func<UploadedFile, CancellationToken, Task>? UploadCompleted { get; init; }

    /// <summary>The path of reply URLs below the application's path base, without the session id: <c>/uploads/BITS-Replies</c>.</summary>
    public required string ReplyPath { get; init; }

    /// <summary>The default client key: the authenticated user, or else the remote address.</summary>
    public static string DefaultClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = context.User.Identity;
        return identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "user:" + name
            : "address:" + context.Connection.RemoteIpAddress;
    }
}
