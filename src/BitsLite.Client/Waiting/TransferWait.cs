using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Waiting;

/// <summary>When a wait for a job is over.</summary>
public static class TransferWait
{
    /// <summary>
    /// True once the job needs someone to act or is over: Transferred, Error, Suspended, Acknowledged or Cancelled.
    /// Queued, Connecting, Transferring and TransientError keep a wait going (the host retries on its own).
    /// </summary>
    public static bool IsSettled(TransferInfo transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return transfer.State is TransferState.Transferred or TransferState.Error or TransferState.Suspended
            or TransferState.Acknowledged or TransferState.Cancelled;
    }
}
