namespace BitsLite.Protocol.Errors;

/// <summary>Stable codes for refused requests. Clients and scripts may rely on these names.</summary>
public enum TransferErrorCode
{
    /// <summary>No job has the given id.</summary>
    NotFound,

    /// <summary>The operation is not allowed in the job's current state.</summary>
    InvalidState,

    /// <summary>A setting or argument is out of range or malformed.</summary>
    InvalidArgument,

    /// <summary>A source is not an http(s) URL, a file:// URL or an absolute local path.</summary>
    InvalidSource,

    /// <summary>A destination is not an absolute path in an existing directory.</summary>
    InvalidDestination,

    /// <summary>A destination is used twice in the job, or by another live job.</summary>
    DestinationConflict,

    /// <summary>A configured limit (jobs per owner, files per job) would be exceeded.</summary>
    LimitReached,

    /// <summary>The job has no files, so it cannot be resumed.</summary>
    EmptyJob,

    /// <summary>The job database is damaged or is not a BitsLite database; it was left untouched.</summary>
    StoreCorrupt,

    /// <summary>The job database was written by a newer BitsLite; it was left untouched.</summary>
    StoreTooNew,

    /// <summary>Moving a file into place or deleting temporary files failed.</summary>
    LocalFileFailure,

    /// <summary>The client and the host speak different protocol versions.</summary>
    ProtocolMismatch,

    /// <summary>A frame was malformed, truncated, oversized or of an unknown type; the connection is closed.</summary>
    BadRequest,

    /// <summary>The host failed in a way that is not the request's fault; its log has the details.</summary>
    HostFailure,

    /// <summary>No host answers and none could be started; the message names the host's log.</summary>
    HostUnavailable,

    /// <summary>The host refused the connection: it belongs to another user.</summary>
    AccessDenied,

    /// <summary>
    /// The transfer itself ended in Error (a 404, a refused password, an unwritable disk, ...) while a client waited for
    /// it; the job's ErrorContext, HTTP status and description say what went wrong.
    /// </summary>
    TransferFailed,
}
