using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Network;

/// <summary>Which waiting jobs a change of network may help.</summary>
internal static class NetworkFailures
{
    /// <summary>
    /// Whether the job waits out its retry interval after a failure of the network itself (refused, reset or stalled
    /// connections, name resolution, time-outs), rather than an answer from the server (a 503, with or without the
    /// Retry-After it asked for) or a local file.
    /// </summary>
    public static bool IsWaitingToRetry(TransferJob job)
    {
        lock (job.Gate)
        {
            return job.State == TransferState.TransientError
                && job.Error is { IsTransient: true, HttpStatus: null, Context: TransferErrorContext.GeneralTransport };
        }
    }
}
