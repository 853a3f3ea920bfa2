using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Options;

/// <summary>
/// Changes to a job's <see cref="TransferOptions"/>: what a new job asks for (over the host's defaults) and what
/// Set-Transfer and <c>bitslite set</c> send (over the job's settings). <see langword="null"/> leaves a setting as it is.
/// </summary>
public sealed record TransferOptionsPatch
{
    /// <inheritdoc cref="TransferOptions.DisplayName"/>
    public string? DisplayName { get; init; }

    /// <inheritdoc cref="TransferOptions.Description"/>
    public string? Description { get; init; }

    /// <inheritdoc cref="TransferOptions.Priority"/>
    public TransferPriority? Priority { get; init; }

    /// <inheritdoc cref="TransferOptions.RetryInterval"/>
    public TimeSpan? RetryInterval { get; init; }

    /// <inheritdoc cref="TransferOptions.RetryTimeout"/>
    public TimeSpan? RetryTimeout { get; init; }

    /// <inheritdoc cref="TransferOptions.MaxDownloadTime"/>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <inheritdoc cref="TransferOptions.MaxBandwidth"/>
    public long? MaxBandwidth { get; init; }

    /// <inheritdoc cref="TransferOptions.Connections"/>
    public int? Connections { get; init; }

    /// <summary>New custom headers, replacing all of the job's; an empty list removes them.</summary>
    public IReadOnlyList<string>? CustomHeaders { get; init; }

    /// <summary>Makes the custom headers write-only; turning it off again needs new <see cref="CustomHeaders"/> too.</summary>
    public bool? CustomHeadersWriteOnly { get; init; }

    /// <inheritdoc cref="TransferOptions.CustomHeadersToOtherOrigins"/>
    public bool? CustomHeadersToOtherOrigins { get; init; }

    /// <summary>
    /// New credentials: they replace the job's for the targets they name (a new Server credential keeps a Proxy one);
    /// an empty list removes them all.
    /// </summary>
    public IReadOnlyList<TransferCredential>? Credentials { get; init; }

    /// <inheritdoc cref="TransferOptions.Proxy"/>
    public TransferProxy? Proxy { get; init; }

    /// <summary>A new notification program; one with an empty <see cref="TransferNotification.Program"/> removes it.</summary>
    public TransferNotification? Notification { get; init; }

    /// <inheritdoc cref="TransferOptions.TransferPolicy"/>
    public TransferCostPolicy? TransferPolicy { get; init; }

    /// <inheritdoc cref="TransferOptions.UploadMethod"/>
    public UploadMethod? UploadMethod { get; init; }

    /// <summary>Whether the patch changes nothing.</summary>
    public bool IsEmpty => this == Empty;

    private static TransferOptionsPatch Empty { get; } = new();

    /// <summary>The settings <paramref name="current"/> becomes with this patch applied.</summary>
    public TransferOptions ApplyTo(TransferOptions current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            DisplayName = DisplayName ?? current.DisplayName,
            Description = Description ?? current.Description,
            Priority = Priority ?? current.Priority,
            RetryInterval = RetryInterval ?? current.RetryInterval,
            RetryTimeout = RetryTimeout ?? current.RetryTimeout,
            MaxDownloadTime = MaxDownloadTime ?? current.MaxDownloadTime,
            MaxBandwidth = MaxBandwidth ?? current.MaxBandwidth,
            Connections = Connections ?? current.Connections,
            CustomHeaders = CustomHeaders ?? current.CustomHeaders,
            CustomHeadersWriteOnly = CustomHeadersWriteOnly ?? current.CustomHeadersWriteOnly,
            CustomHeadersToOtherOrigins = CustomHeadersToOtherOrigins ?? current.CustomHeadersToOtherOrigins,
            Credentials = Credentials switch
            {
                null => current.Credentials,
                { Count: 0 } => [],
                var given => [.. current.Credentials.Where(c => given.All(g => g.Target != c.Target)), .. given],
            },
            Proxy = Proxy ?? current.Proxy,
            Notification = Notification is null ? current.Notification : Notification.Program.Length == 0 ? null : Notification,
            TransferPolicy = TransferPolicy ?? current.TransferPolicy,
            UploadMethod = UploadMethod ?? current.UploadMethod,
        };
    }
}
