namespace BitsLite.Server.Sessions;

/// <summary>What looking a session up came to.</summary>
internal enum SessionLookupStatus
{
    /// <summary>The session exists and the caller holds its gate.</summary>
    Found,

    /// <summary>No such session: never created, expired, refused, or forgotten by a restart.</summary>
    NotFound,

    /// <summary>The session ended with Close-Session a short while ago.</summary>
    Closed,

    /// <summary>The session ended with Cancel-Session a short while ago.</summary>
    Cancelled,
}
