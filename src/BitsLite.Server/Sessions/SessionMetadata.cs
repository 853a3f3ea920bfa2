namespace BitsLite.Server.Sessions;

/// <summary>What a session directory's <c>session.json</c> holds; the bytes received are the data file's length.</summary>
internal sealed record SessionMetadata
{
    public required Guid Id { get; init; }

    /// <summary>The file name part of the URL the session was created at (empty for the endpoint's own URL).</summary>
    public required string RequestName { get; init; }

    /// <summary>The name the file gets; from the URL, or from the first fragment's Content-Name.</summary>
    public string? FileName { get; init; }

    /// <summary>The file's length, known from the first fragment's Content-Range.</summary>
    public long? TotalLength { get; init; }

    public required string ClientKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastActivity { get; init; }

    /// <summary>The media type of the reply, once an upload-reply session has one.</summary>
    public string? ReplyContentType { get; init; }
}
