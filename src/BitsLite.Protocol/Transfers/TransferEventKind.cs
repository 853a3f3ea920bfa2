namespace BitsLite.Protocol.Transfers;

/// <summary>What happened to a job.</summary>
public enum TransferEventKind
{
    /// <summary>The job was created.</summary>
    Created,

    /// <summary>The job moved to another state (see its snapshot).</summary>
    StateChanged,

    /// <summary>Bytes arrived (sent at most a few times a second per job).</summary>
    Progress,

    /// <summary>Files were added, or settings changed.</summary>
    Changed,
}
