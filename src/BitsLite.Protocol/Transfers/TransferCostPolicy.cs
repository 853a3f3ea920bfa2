namespace BitsLite.Protocol.Transfers;

/// <summary>On which networks a job may transfer (a simplification of BITS' TransferPolicy cost flags).</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferCostPolicy : long
{
    /// <summary>On any network, metered or not (the default).</summary>
    Always,

    /// <summary>
    /// Only when the network is not metered. On a metered network the job waits in Queued, with the reason in
    /// <see cref="TransferInfo.QueueReason"/>, and starts by itself when the network changes. A network whose cost is
    /// unknown counts as not metered.
    /// </summary>
    Unmetered,
}
