using System.Management.Automation;
using BitsLite.PowerShell.Binding;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// The job settings Start-Transfer and Set-Transfer take, declared once. <see cref="ReadOptions"/> turns the ones given
/// into the <see cref="TransferOptionsPatch"/> the host receives; a parameter not given leaves its setting alone. Times are
/// in seconds, as with the BitsTransfer cmdlets, and zero means "no limit" for every limit.
/// </summary>
public abstract class JobOptionsCmdlet : TransferCmdlet
{
    /// <summary>A short name; default the first destination's file name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>A longer description (at most 1,024 characters).</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Description { get; set; }

    /// <summary>Foreground, High, Normal or Low.</summary>
    [Parameter]
    public TransferPriority Priority { get; set; }

    /// <summary>Seconds to wait before retrying after a transient error (default 600, at least 5).</summary>
    [Parameter]
    [ValidateRange(5, int.MaxValue)]
    public int RetryInterval { get; set; }

    /// <summary>Seconds without progress before a transient error becomes an error (default 1,209,600 = 14 days; 0 = never retry).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RetryTimeout { get; set; }

    /// <summary>Seconds the transfer may spend active before it fails (0, the default: no limit).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxDownloadTime { get; set; }

    /// <summary>This transfer's own limit in bytes per second (0, the default: no limit).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxBandwidth { get; set; }

    /// <summary>
    /// Connections for one large file (8 MiB or more) of a Foreground or High transfer from a server that honours ranges
    /// (1 to 16; default 4), at most the policy's MaxConnectionsPerFile; Normal and Low transfers use one.
    /// </summary>
    [Parameter]
    [ValidateRange(1, TransferOptionRules.MaxConnections)]
    public int Connections { get; set; }

    /// <summary>Always or Unmetered (wait while the network is metered); BITS policy names (Standard, NoSurcharge, NotRoaming, ...) are taken too.</summary>
    [Parameter]
    [CostPolicyTransformation]
    public TransferCostPolicy TransferPolicy { get; set; }

    /// <summary>How an upload is sent: Bits (default, the resumable BITS upload protocol) or Put (one plain HTTP PUT).</summary>
    [Parameter]
    public UploadMethod UploadMethod { get; set; }

    /// <summary>Extra request headers, each "Name: value", replacing any the transfer has; an empty array removes them.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? CustomHeaders { get; set; }

    /// <summary>Make the custom headers write-only: the host never shows them again, not even their names.</summary>
    [Parameter]
    public SwitchParameter CustomHeadersWriteOnly { get; set; }

    /// <summary>Also send the custom headers where a redirect leads to another server (scheme, host or port); Authorization and Cookie headers never go there.</summary>
    [Parameter]
    public SwitchParameter CustomHeadersToOtherOrigins { get; set; }

    /// <summary>The server's user name and password; the host keeps the password encrypted and never shows it.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The scheme for -Credential: Basic (default), Digest, Ntlm or Negotiate.</summary>
    [Parameter]
    public TransferAuthScheme Authentication { get; set; }

    /// <summary>SystemDefault (default), NoProxy, AutoDetect or Override (with -ProxyList).</summary>
    [Parameter]
    public TransferProxyUsage ProxyUsage { get; set; }

    /// <summary>Proxies as host:port, with -ProxyUsage Override.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ProxyList { get; set; }

    /// <summary>Hosts reached without the proxy, with -ProxyUsage Override.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ProxyBypass { get; set; }

    /// <summary>The proxy's user name and password.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>The scheme for -ProxyCredential: Basic (default), Digest, Ntlm or Negotiate.</summary>
    [Parameter]
    public TransferAuthScheme ProxyAuthentication { get; set; }

    /// <summary>A program (absolute path) and its arguments, run without a shell when the transfer is Transferred or fails; an empty array removes it.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? NotifyCmdLine { get; set; }

    /// <summary>The settings given, as the host receives them, checked with the rules the host applies.</summary>
    /// <exception cref="TransferException">Parameters that do not go together, or a setting the host would refuse.</exception>
    private protected TransferOptionsPatch ReadOptions()
    {
        var patch = new TransferOptionsPatch
        {
            DisplayName = DisplayName,
            Description = Description,
            Priority = IsBound(nameof(Priority)) ? Priority : null,
            RetryInterval = Seconds(nameof(RetryInterval), RetryInterval),
            RetryTimeout = Seconds(nameof(RetryTimeout), RetryTimeout),
            MaxDownloadTime = Seconds(nameof(MaxDownloadTime), MaxDownloadTime),
            MaxBandwidth = IsBound(nameof(MaxBandwidth)) ? MaxBandwidth : null,
            Connections = IsBound(nameof(Connections)) ? Connections : null,
            TransferPolicy = IsBound(nameof(TransferPolicy)) ? TransferPolicy : null,
            UploadMethod = IsBound(nameof(UploadMethod)) ? UploadMethod : null,
            CustomHeaders = CustomHeaders,
            CustomHeadersWriteOnly = IsBound(nameof(CustomHeadersWriteOnly)) ? CustomHeadersWriteOnly.IsPresent : null,
            CustomHeadersToOtherOrigins = IsBound(nameof(CustomHeadersToOtherOrigins)) ? CustomHeadersToOtherOrigins.IsPresent : null,
            Credentials = Credentials(),
            Proxy = Proxy(),
            Notification = NotifyCmdLine is null ? null : new TransferNotification { Program = NotifyCmdLine.FirstOrDefault() ?? "", Arguments = [.. NotifyCmdLine.Skip(1)] },
        };
        TransferOptionRules.Validate(patch);
        return patch;
    }

    private TimeSpan? Seconds(string parameter, int seconds) => IsBound(parameter) ? TimeSpan.FromSeconds(seconds) : null;

    private List<TransferCredential>? Credentials()
    {
        if (IsBound(nameof(Authentication)) && Credential is null)
        {
            throw Invalid("-Authentication needs -Credential.");
        }

        if (IsBound(nameof(ProxyAuthentication)) && ProxyCredential is null)
        {
            throw Invalid("-ProxyAuthentication needs -ProxyCredential.");
        }

        var list = new List<TransferCredential>();
        if (Credential is not null)
        {
            list.Add(CredentialFrom(Credential, TransferCredentialTarget.Server, IsBound(nameof(Authentication)) ? Authentication : TransferOptionRules.DefaultAuthentication));
        }

        if (ProxyCredential is not null)
        {
            list.Add(CredentialFrom(ProxyCredential, TransferCredentialTarget.Proxy, IsBound(nameof(ProxyAuthentication)) ? ProxyAuthentication : TransferOptionRules.DefaultAuthentication));
        }

        return list.Count == 0 ? null : list;
    }

    // The lists without -ProxyUsage are the system default's, which the rules refuse with a message that names Override.
    private TransferProxy? Proxy() => IsBound(nameof(ProxyUsage)) || ProxyList is not null || ProxyBypass is not null
        ? new TransferProxy { Usage = IsBound(nameof(ProxyUsage)) ? ProxyUsage : TransferProxyUsage.SystemDefault, List = ProxyList ?? [], Bypass = ProxyBypass ?? [] }
        : null;

    /// <summary>A PSCredential's user name (DOMAIN\user when it has a domain) and password, as a credential for the host.</summary>
    private static TransferCredential CredentialFrom(PSCredential credential, TransferCredentialTarget target, TransferAuthScheme scheme)
    {
        var network = credential.GetNetworkCredential();
        var user = string.IsNullOrEmpty(network.Domain) ? network.UserName : network.Domain + "\\" + network.UserName;
        return new TransferCredential { Target = target, Scheme = scheme, UserName = user, Password = network.Password };
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
