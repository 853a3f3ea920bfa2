namespace BitsLite.Server.Sessions;

/// <summary>Why a session ended. A packet for a closed or cancelled session may be a retry, and is answered as such.</summary>
internal enum SessionEnd
{
    /// <summary>Close-Session: the file was placed, or the incomplete upload was deleted.</summary>
    Closed,

    /// <summary>Cancel-Session.</summary>
    Cancelled,

    /// <summary>Idle longer than the session timeout.</summary>
    Expired,

    /// <summary>The server refused the upload (too large, name taken): the client must not go on with it.</summary>
    Refused,
}
