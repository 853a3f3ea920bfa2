using BitsLite.Protocol.Errors;

namespace BitsLite.Cli.Errors;

/// <summary>
/// The process exit codes scripts may rely on (docs/cli.md and <c>bitslite --help</c> list them),
/// and the one place that maps a host's <see cref="TransferErrorCode"/> to them.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The transfer failed: the job is in Error, or a wait ended in another state than Transferred.</summary>
    public const int TransferFailed = 1;

    /// <summary>Bad arguments, including every parse error and an ambiguous job id.</summary>
    public const int Usage = 2;

    public const int NotFound = 3;

    public const int InvalidState = 4;

    /// <summary>No host answers or none could start; access denied; protocol mismatch.</summary>
    public const int HostUnavailable = 5;

    /// <summary>Any other refusal or failure reported by the host.</summary>
    public const int HostError = 6;

    /// <summary>A bug in the CLI itself (an exception nobody expected).</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl+C (128 + SIGINT, as shells report it); a running job keeps running.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a request the host (or the client library) refused with <paramref name="code"/>.</summary>
    public static int For(TransferErrorCode code) => code switch
    {
        TransferErrorCode.TransferFailed => TransferFailed,
        TransferErrorCode.NotFound => NotFound,
        TransferErrorCode.InvalidState or TransferErrorCode.EmptyJob => InvalidState,
        TransferErrorCode.HostUnavailable or TransferErrorCode.AccessDenied or TransferErrorCode.ProtocolMismatch => HostUnavailable,
        TransferErrorCode.InvalidArgument or TransferErrorCode.InvalidSource or TransferErrorCode.InvalidDestination
            or TransferErrorCode.DestinationConflict or TransferErrorCode.LimitReached or TransferErrorCode.StoreCorrupt
            or TransferErrorCode.StoreTooNew or TransferErrorCode.LocalFileFailure or TransferErrorCode.BadRequest
            or TransferErrorCode.HostFailure => HostError,
        // A code added to the protocol later is still a refusal by the host.
        _ => HostError,
    };

    /// <summary>The lines of the exit-code table shown by <c>bitslite --help</c>.</summary>
    public const string HelpText =
        """
        Exit codes:
          0    success
          1    the transfer failed (job in Error), or a wait ended in another state than Transferred
          2    usage error (bad arguments, ambiguous job id)
          3    no job matches the id or name
          4    the job's state does not allow the operation
          5    host unavailable, could not start, access denied, or protocol mismatch
          6    other errors reported by the host (invalid argument, destination conflict, limit reached, ...)
          70   internal error in bitslite itself
          130  interrupted by Ctrl+C (a running job keeps running in the background)
        """;
}
