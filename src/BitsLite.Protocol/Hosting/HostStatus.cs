namespace BitsLite.Protocol.Hosting;

/// <summary>What a running host says about itself (<c>bitslite host status</c>, <c>Get-TransferHost</c>).</summary>
public sealed record HostStatus
{
    /// <summary>The host's process id.</summary>
    public int ProcessId { get; init; }

    /// <summary>The host's product version.</summary>
    public required string Version { get; init; }

    /// <summary>The protocol version it speaks.</summary>
    public int Protocol { get; init; }

    /// <summary>When the host started.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>The data root (database and log).</summary>
    public required string DataRoot { get; init; }

    /// <summary>The job database.</summary>
    public required string Database { get; init; }

    /// <summary>The log file.</summary>
    public required string LogFile { get; init; }

    /// <summary>The socket clients connect to.</summary>
    public required string Socket { get; init; }

    /// <summary>Jobs queued, connecting, transferring, or waiting to retry: the ones that keep a host running.</summary>
    public int ActiveTransfers { get; init; }

    /// <summary>Jobs not yet acknowledged or cancelled, whatever their state.</summary>
    public int LiveTransfers { get; init; }

    /// <summary>Connected clients, this one included.</summary>
    public int Clients { get; init; }

    /// <summary>How long the host stays up with no active job and no client, or <see langword="null"/> when it never exits by itself.</summary>
    public TimeSpan? IdleTimeout { get; init; }
}
