
namespace BitsLite.Protocol.Transfers;

/// <summary>Changes to a job's settings; <see langword="null"/> leaves a setting as it is.</summary>
public sealed record TransferSettings
{
    /// <summary>A new display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>A new description (at most 1,024 characters).</summary>
    public string? Description { get; init; }

    /// <summary>A new priority; a waiting job takes its new place in the queue at once.</summary>
    public TransferPriority? Priority { get; init; }

    /// <summary>A new minimum retry delay.</summary>
    public TimeSpan? RetryInterval { get; init; }

    /// <summary>A new no-progress timeout.</summary>
    public TimeSpan? RetryTimeout { get; init; }

    /// <summary>A new maximum active time; <see cref="TimeSpan.Zero"/> removes the limit.</summary>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <summary>A new per-job limit in bytes per second; 0 removes the limit.</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>New custom headers (replacing the old ones); an empty list removes them.</summary>
    public IReadOnlyList<string>? CustomHeaders { get; init; }

    /// <summary>
    /// New credentials: they replace the stored ones for the targets they name (a new Server credential keeps a stored
    /// Proxy one); an empty list removes them all.
    /// </summary>
    public IReadOnlyList<TransferCredential>? Credentials { get; init; }

    /// <summary>New proxy settings.</summary>
    public TransferProxy? Proxy { get; init; }

    /// <summary>A new notification command; one with an empty <see cref="TransferNotification.Program"/> removes it.</summary>
    public TransferNotification? Notification { get; init; }

    /// <summary>A new network cost policy; a waiting job is re-checked at once.</summary>
    public TransferCostPolicy? TransferPolicy { get; init; }

    /// <summary>A new upload method (upload jobs only); it applies from the job's next attempt.</summary>
    public UploadMethod? UploadMethod { get; init; }
}
