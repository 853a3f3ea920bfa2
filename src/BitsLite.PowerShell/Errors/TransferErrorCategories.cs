using System.Management.Automation;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Errors;

/// <summary>
/// The ErrorRecord category and id for each host error. Ids are the error code's name (PowerShell appends the
/// cmdlet: <c>NotFound,BitsLite.PowerShell.Commands.SuspendTransferCommand</c>) and are a contract that scripts
/// and the Pester tests match on; new codes only ever add ids.
/// </summary>
internal static class TransferErrorCategories
{
    /// <summary>The id of a transfer that ended in Error during a synchronous Start-, Resume- or Wait-Transfer.</summary>
    public const string TransferFailed = nameof(TransferErrorCode.TransferFailed);

    /// <summary>The id of a name (without wildcards) that matched no transfer.</summary>
    public const string NameNotFound = "TransferNameNotFound";

    /// <summary>The id of a Wait-Transfer that ran out of time.</summary>
    public const string WaitTimedOut = "WaitTimedOut";

    public static string IdFor(TransferErrorCode code) => code.ToString();

    /// <summary>
    /// Whether an error ends the whole command (no host, another protocol, access denied) rather than only the
    /// item at hand; a refusal about one transfer lets the pipeline go on with the next.
    /// </summary>
    public static bool EndsCommand(TransferErrorCode code) =>
        code is TransferErrorCode.HostUnavailable or TransferErrorCode.ProtocolMismatch or TransferErrorCode.AccessDenied
            or TransferErrorCode.StoreCorrupt or TransferErrorCode.StoreTooNew or TransferErrorCode.HostFailure;

    public static ErrorCategory CategoryFor(TransferErrorCode code) => code switch
    {
        TransferErrorCode.NotFound => ErrorCategory.ObjectNotFound,
        TransferErrorCode.InvalidState or TransferErrorCode.EmptyJob => ErrorCategory.InvalidOperation,
        TransferErrorCode.InvalidArgument or TransferErrorCode.InvalidSource or TransferErrorCode.InvalidDestination => ErrorCategory.InvalidArgument,
        TransferErrorCode.DestinationConflict => ErrorCategory.ResourceExists,
        TransferErrorCode.LimitReached => ErrorCategory.LimitsExceeded,
        TransferErrorCode.StoreCorrupt or TransferErrorCode.StoreTooNew => ErrorCategory.InvalidData,
        TransferErrorCode.LocalFileFailure => ErrorCategory.WriteError,
        TransferErrorCode.ProtocolMismatch => ErrorCategory.ProtocolError,
        TransferErrorCode.BadRequest => ErrorCategory.ProtocolError,
        TransferErrorCode.HostUnavailable => ErrorCategory.ResourceUnavailable,
        TransferErrorCode.AccessDenied => ErrorCategory.PermissionDenied,
        TransferErrorCode.HostFailure => ErrorCategory.NotSpecified,
        TransferErrorCode.TransferFailed => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>
    /// The category of a transfer that ended in Error, from where its error came from: a 404 is ObjectNotFound, a
    /// refused password AuthenticationError, an unwritable disk WriteError, a dropped connection ConnectionError.
    /// </summary>
    public static ErrorCategory CategoryFor(TransferError? error) => error switch
    {
        null => ErrorCategory.OperationStopped,
        { HttpStatus: 404 or 410 } => ErrorCategory.ObjectNotFound,
        { HttpStatus: 401 or 407 } => ErrorCategory.AuthenticationError,
        { HttpStatus: 403 } => ErrorCategory.PermissionDenied,
        { HttpStatus: 408 or 429 or >= 500 } => ErrorCategory.ResourceUnavailable,
        { HttpStatus: >= 400 } => ErrorCategory.InvalidOperation,
        { Context: TransferErrorContext.LocalFile } => ErrorCategory.WriteError,
        { Context: TransferErrorContext.RemoteFile } => ErrorCategory.ReadError,
        { Context: TransferErrorContext.GeneralTransport } => ErrorCategory.ConnectionError,
        { Context: TransferErrorContext.RemoteApplication } => ErrorCategory.InvalidResult,
        { Context: TransferErrorContext.ServerCertificateCallback } => ErrorCategory.SecurityError,
        { Context: TransferErrorContext.QueueManagerNotification } => ErrorCategory.InvalidOperation,
        { Context: TransferErrorContext.GeneralQueueManager } => ErrorCategory.LimitsExceeded,
        _ => ErrorCategory.OperationStopped,
    };
}
