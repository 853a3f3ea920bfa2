namespace BitsLite.Protocol.Transfers;

/// <summary>Which proxy a job's HTTP requests use (BITS' BG_JOB_PROXY_USAGE).</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferProxyUsage : long
{
    /// <summary>The host's system proxy: on Linux and macOS the http_proxy, https_proxy and no_proxy variables the host started with; on Windows the system setting.</summary>
    SystemDefault,

    /// <summary>Connect directly, whatever the system says.</summary>
    NoProxy,

    /// <summary>Detect the proxy. There is no WPAD/PAC discovery in BitsLite; this behaves as <see cref="SystemDefault"/>.</summary>
    AutoDetect,

    /// <summary>Use the job's <see cref="TransferProxy.List"/>, except for hosts in <see cref="TransferProxy.Bypass"/>.</summary>
    Override,
}
