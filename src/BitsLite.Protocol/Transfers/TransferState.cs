namespace BitsLite.Protocol.Transfers;

/// <summary>The state of a transfer job. The names and meanings follow Windows BITS.</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferState : long
{
    /// <summary>Waiting for its turn to run.</summary>
    Queued,

    /// <summary>Contacting the server.</summary>
    Connecting,

    /// <summary>Moving bytes.</summary>
    Transferring,

    /// <summary>Paused by the user, or created suspended; runs again only after Resume.</summary>
    Suspended,

    /// <summary>A recoverable failure; the job retries after its retry interval.</summary>
    TransientError,

    /// <summary>A failure that needs the user: fix the cause, then Resume (or Cancel).</summary>
    Error,

    /// <summary>Every byte is on disk in temporary files; Complete makes the files appear.</summary>
    Transferred,

    /// <summary>Completed: the files were moved to their destinations. Final.</summary>
    Acknowledged,

    /// <summary>Cancelled: temporary files were deleted. Final.</summary>
    Cancelled,
}
