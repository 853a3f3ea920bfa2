using System.Net;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Requests;

/// <summary>
/// The job settings Start-Transfer and Set-Transfer share, as the user gave them (null: not given). Times are in
/// seconds, as with the BitsTransfer cmdlets.
/// </summary>
internal sealed record JobOptionValues
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public TransferPriority? Priority { get; init; }

    public int? RetryInterval { get; init; }

    public int? RetryTimeout { get; init; }

    public int? MaxDownloadTime { get; init; }

    public long? MaxBandwidth { get; init; }

    public IReadOnlyList<string>? CustomHeaders { get; init; }

    public TransferCostPolicy? TransferPolicy { get; init; }

    public NetworkCredential? Credential { get; init; }

    public TransferAuthScheme? Authentication { get; init; }

    public TransferProxyUsage? ProxyUsage { get; init; }

    public IReadOnlyList<string>? ProxyList { get; init; }

    public IReadOnlyList<string>? ProxyBypass { get; init; }

    public NetworkCredential? ProxyCredential { get; init; }

    public TransferAuthScheme? ProxyAuthentication { get; init; }

    /// <summary>The program, then its arguments; an empty list (Set-Transfer) removes the notification.</summary>
    public IReadOnlyList<string>? NotifyCmdLine { get; init; }

    /// <summary>
    /// Bits or Put, for upload transfers. <see cref="TransferRequestMapper.ToRequest"/> leaves it out: Start-Transfer
    /// checks it against the transfer type in <see cref="TransferRequestMapper.WithUpload"/>; the host checks a change.
    /// </summary>
    public UploadMethod? UploadMethod { get; init; }
}
