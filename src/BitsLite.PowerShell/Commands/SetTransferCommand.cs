using System.Management.Automation;
using BitsLite.PowerShell.Binding;
using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Set-Transfer: changes live transfers' settings; parameters not given keep their value.</summary>
[Cmdlet(VerbsCommon.Set, "Transfer", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class SetTransferCommand : TransferTargetCmdlet, IJobOptionParameters
{
    private TransferSettings? _settings;

    /// <summary>A new display name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>A new description (at most 1,024 characters).</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Description { get; set; }

    /// <summary>A new priority; a waiting transfer takes its new place in the queue at once.</summary>
    [Parameter]
    public TransferPriority Priority { get; set; }

    /// <summary>Seconds to wait before retrying after a transient error (at least 5).</summary>
    [Parameter]
    [ValidateRange(5, int.MaxValue)]
    public int RetryInterval { get; set; }

    /// <summary>Seconds without progress before a transient error becomes an error (0 = never retry).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RetryTimeout { get; set; }

    /// <summary>Seconds the transfer may spend transferring; 0 removes the limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxDownloadTime { get; set; }

    /// <summary>This transfer's own limit in bytes per second; 0 removes it.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxBandwidth { get; set; }

    /// <summary>Always or Unmetered. BITS policy names (Standard, NoSurcharge, NotRoaming, ...) are taken too.</summary>
    [Parameter]
    [CostPolicyTransformation]
    public TransferCostPolicy TransferPolicy { get; set; }

    /// <summary>Bits or Put: how an upload transfer sends its file from its next attempt (upload transfers only; Put not for UploadReply).</summary>
    [Parameter]
    public UploadMethod UploadMethod { get; set; }

    /// <summary>New extra headers, replacing the old ones; an empty array removes them.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? CustomHeaders { get; set; }

    /// <summary>The server's user name and password, replacing the stored ones.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The scheme for -Credential: Basic (default), Digest, Ntlm or Negotiate.</summary>
    [Parameter]
    public TransferAuthScheme Authentication { get; set; }

    /// <summary>Removes every stored credential (server and proxy).</summary>
    [Parameter]
    public SwitchParameter ClearCredential { get; set; }

    /// <summary>SystemDefault, NoProxy, AutoDetect or Override (with -ProxyList).</summary>
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

    /// <summary>A program (absolute path) and its arguments to run when the transfer is Transferred or fails; an empty array removes it.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? NotifyCmdLine { get; set; }

    /// <summary>Write the changed transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Checks the settings once, before any transfer is touched.</summary>
    protected override void BeginProcessing()
    {
        try
        {
            _settings = TransferRequestMapper.ToSettings(IJobOptionParameters.Read(this, IsBound), ClearCredential);
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(InvalidArgument(ex, GivenParameters()));
        }
    }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        if (ShouldProcess(Describe(transfer), "Set transfer") && TryAwait(ct => Client.SetAsync(transfer.Id, _settings!, ct), transfer.Id, out var changed) && PassThru)
        {
            WriteObject(new Transfer(changed));
        }
    }
}
