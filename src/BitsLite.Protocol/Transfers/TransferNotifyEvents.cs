namespace BitsLite.Protocol.Transfers;

/// <summary>When a job's notification command runs.</summary>
[Flags]
public enum TransferNotifyEvents
{
    /// <summary>Never.</summary>
    None = 0,

    /// <summary>When the job reaches Transferred (all bytes on disk; Complete is still needed).</summary>
    Transferred = 1,

    /// <summary>When the job reaches Error.</summary>
    Error = 2,
}
