namespace BitsLite.Server.Sessions;

/// <summary>What asking the store for a new session came to.</summary>
internal enum SessionCreation
{
    /// <summary>The session exists, on disk and in the store.</summary>
    Created,

    /// <summary>Refused: the client has as many open sessions as it may.</summary>
    ClientLimitReached,

    /// <summary>Refused: the endpoint has as many open sessions as it may, all clients together.</summary>
    TotalLimitReached,
}
