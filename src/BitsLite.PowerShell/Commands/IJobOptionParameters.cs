using System.Management.Automation;
using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// The job-setting parameters Start-Transfer and Set-Transfer both declare (each with its own help and validation),
/// read the same way: a value counts only if the user gave it.
/// </summary>
internal interface IJobOptionParameters
{
    string? DisplayName { get; }

    string? Description { get; }

    TransferPriority Priority { get; }

    int RetryInterval { get; }

    int RetryTimeout { get; }

    int MaxDownloadTime { get; }

    long MaxBandwidth { get; }

    string[]? CustomHeaders { get; }

    TransferCostPolicy TransferPolicy { get; }

    PSCredential? Credential { get; }

    TransferAuthScheme Authentication { get; }

    TransferProxyUsage ProxyUsage { get; }

    string[]? ProxyList { get; }

    string[]? ProxyBypass { get; }

    PSCredential? ProxyCredential { get; }

    TransferAuthScheme ProxyAuthentication { get; }

    string[]? NotifyCmdLine { get; }

    UploadMethod UploadMethod { get; }

    /// <summary>The values the user gave, for <see cref="TransferRequestMapper"/>.</summary>
    static JobOptionValues Read(IJobOptionParameters p, Func<string, bool> isBound) => new()
    {
        DisplayName = p.DisplayName,
        Description = p.Description,
        Priority = isBound(nameof(Priority)) ? p.Priority : null,
        RetryInterval = isBound(nameof(RetryInterval)) ? p.RetryInterval : null,
        RetryTimeout = isBound(nameof(RetryTimeout)) ? p.RetryTimeout : null,
        MaxDownloadTime = isBound(nameof(MaxDownloadTime)) ? p.MaxDownloadTime : null,
        MaxBandwidth = isBound(nameof(MaxBandwidth)) ? p.MaxBandwidth : null,
        CustomHeaders = p.CustomHeaders,
        TransferPolicy = isBound(nameof(TransferPolicy)) ? p.TransferPolicy : null,
        Credential = p.Credential?.GetNetworkCredential(),
        Authentication = isBound(nameof(Authentication)) ? p.Authentication : null,
        ProxyUsage = isBound(nameof(ProxyUsage)) ? p.ProxyUsage : null,
        ProxyList = p.ProxyList,
        ProxyBypass = p.ProxyBypass,
        ProxyCredential = p.ProxyCredential?.GetNetworkCredential(),
        ProxyAuthentication = isBound(nameof(ProxyAuthentication)) ? p.ProxyAuthentication : null,
        NotifyCmdLine = p.NotifyCmdLine,
        UploadMethod = isBound(nameof(UploadMethod)) ? p.UploadMethod : null,
    };
}
