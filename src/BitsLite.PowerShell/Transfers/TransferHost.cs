using BitsLite.Protocol.Hosting;

namespace BitsLite;

/// <summary>Whether the BitsLite host runs, and what it says about itself (Get-TransferHost).</summary>
public sealed class TransferHost
{
    internal TransferHost(string socket, HostStatus? status)
    {
        Socket = socket;
        Status = status;
    }

    /// <summary>Whether a host answered.</summary>
    public bool IsRunning => Status is not null;

    /// <summary>The socket the cmdlets connect to.</summary>
    public string Socket { get; }

    /// <summary>The host's process id, or <see langword="null"/> when none runs.</summary>
    public int? ProcessId => Status?.ProcessId;

    /// <summary>The host's version.</summary>
    public string? Version => Status?.Version;

    /// <summary>When the host started (local time).</summary>
    public DateTime? StartTime => Status?.StartTime.LocalDateTime;

    /// <summary>The job database.</summary>
    public string? Database => Status?.Database;

    /// <summary>The host's log file.</summary>
    public string? LogFile => Status?.LogFile;

    /// <summary>Transfers that are queued, running or retrying.</summary>
    public int? ActiveTransfers => Status?.ActiveTransfers;

    /// <summary>Transfers not yet completed or removed.</summary>
    public int? LiveTransfers => Status?.LiveTransfers;

    /// <summary>Connected clients, this one included.</summary>
    public int? Clients => Status?.Clients;

    /// <summary>How long the host stays up with nothing to do, or <see langword="null"/> when it never exits by itself.</summary>
    public TimeSpan? IdleTimeout => Status?.IdleTimeout;

    internal HostStatus? Status { get; }
}
