namespace BitsLite.Protocol.Transfers;

/// <summary>Where a job's error came from (the BITS error context values).</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferErrorContext : long
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The cause could not be determined.</summary>
    Unknown,

    /// <summary>The transfer service itself (limits, expiry, internal failures).</summary>
    GeneralQueueManager,

    /// <summary>Running the job's notification command failed.</summary>
    QueueManagerNotification,

    /// <summary>A local file or directory (permissions, disk full, missing directory).</summary>
    LocalFile,

    /// <summary>The remote file (HTTP status, missing source, changed content).</summary>
    RemoteFile,

    /// <summary>The network (connection refused or reset, timeouts, name resolution).</summary>
    GeneralTransport,

    /// <summary>The server application (upload protocol errors).</summary>
    RemoteApplication,

    /// <summary>The server's TLS certificate was rejected.</summary>
    ServerCertificateCallback,
}
