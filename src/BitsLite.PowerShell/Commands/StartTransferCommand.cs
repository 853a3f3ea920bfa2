using System.Management.Automation;
using BitsLite.PowerShell.Binding;
using BitsLite.PowerShell.Errors;
using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Start-Transfer: creates a transfer job and, unless -Asynchronous, waits for it with a progress bar and completes it.</summary>
[Cmdlet(VerbsLifecycle.Start, "Transfer", SupportsShouldProcess = true)]
[OutputType(typeof(Transfer))]
public sealed class StartTransferCommand : TransferCmdlet, IJobOptionParameters
{
    private TransferInfo? _waitingFor;

    /// <summary>
    /// http(s) URLs, file:// URLs or local paths (wildcards match local files); several make one job, transferred in
    /// order. For uploads, the one local file. May be left out with -Suspended: Add-TransferFile adds the files later.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Source { get; set; } = [];

    /// <summary>One path per source, or one existing directory for all; default the current directory. For uploads, the URL the file goes to.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Destination { get; set; }

    /// <summary>A short name; default the first destination's file name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>A longer description (at most 1,024 characters).</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Description { get; set; }

    /// <summary>Foreground (default, as with Start-BitsTransfer), High, Normal or Low.</summary>
    [Parameter]
    public TransferPriority Priority { get; set; } = TransferPriority.Foreground;

    /// <summary>Download (default), Upload or UploadReply.</summary>
    [Parameter]
    public TransferType TransferType { get; set; } = TransferType.Download;

    /// <summary>Where an UploadReply transfer's reply is written when it is completed (required for UploadReply).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReplyFileName { get; set; }

    /// <summary>How an upload is sent: Bits (default, the resumable BITS upload protocol) or Put (one plain HTTP PUT).</summary>
    [Parameter]
    public UploadMethod UploadMethod { get; set; }

    /// <summary>Return the job at once instead of waiting; run Complete-Transfer once it is Transferred.</summary>
    [Parameter]
    public SwitchParameter Asynchronous { get; set; }

    /// <summary>Create the job suspended; Resume-Transfer starts it. Implies -Asynchronous.</summary>
    [Parameter]
    public SwitchParameter Suspended { get; set; }

    /// <summary>Seconds to wait before retrying after a transient error (default 600, at least 5).</summary>
    [Parameter]
    [ValidateRange(5, int.MaxValue)]
    public int RetryInterval { get; set; }

    /// <summary>Seconds without progress before a transient error becomes an error (default 1,209,600 = 14 days; 0 = never retry).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RetryTimeout { get; set; }

    /// <summary>Seconds the job may spend transferring before it fails (default no limit).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxDownloadTime { get; set; }

    /// <summary>This job's own limit in bytes per second (default none).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaxBandwidth { get; set; }

    /// <summary>Always (default) or Unmetered: wait while the network is metered. BITS policy names (Standard, NoSurcharge, NotRoaming, ...) are taken too.</summary>
    [Parameter]
    [CostPolicyTransformation]
    public TransferCostPolicy TransferPolicy { get; set; }

    /// <summary>Extra request headers, each "Name: value".</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? CustomHeaders { get; set; }

    /// <summary>The server's user name and password; stored encrypted by the host.</summary>
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

    /// <summary>A program (absolute path) and its arguments, run without a shell when the job is Transferred or fails.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? NotifyCmdLine { get; set; }

    /// <summary>Creates the job, then waits and completes it unless -Asynchronous or -Suspended.</summary>
    protected override void ProcessRecord()
    {
        TransferRequest request;
        try
        {
            var upload = TransferType != TransferType.Download;
            IReadOnlyList<TransferFileSpec> files = (Source.Length, upload) switch
            {
                (0, false) when Suspended => [],
                (0, true) => throw new TransferException(TransferErrorCode.InvalidArgument, "An upload needs -Source: the local file to send."),
                (0, false) => throw new TransferException(TransferErrorCode.InvalidArgument, "Give -Source, or -Suspended to create an empty transfer and add its files with Add-TransferFile."),
                (_, true) => [UploadFileFrom(Source, Destination)],
                _ => FilesFrom(Source, Destination),
            };
            var values = IJobOptionParameters.Read(this, IsBound);
            request = TransferRequestMapper.ToRequest(files, values, TransferType, Suspended);
            request = TransferRequestMapper.WithUpload(request, ReplyFileName is null ? null : ReplyFilePath(ReplyFileName), values.UploadMethod);
        }
        catch (TransferException ex)
        {
            WriteError(InvalidArgument(ex, GivenParameters()));
            return;
        }

        var target = request.Files.Count switch
        {
            0 => $"an empty transfer '{request.DisplayName}'",
            1 => $"{request.Files[0].Source} -> {request.Files[0].Destination}",
            _ => $"{request.Files.Count} files into {Path.GetDirectoryName(request.Files[0].Destination)}",
        };
        if (!ShouldProcess(target, "Start transfer") || !TryAwait(ct => Client.CreateAsync(request, ct), target, out var created))
        {
            return;
        }

        if (Asynchronous || Suspended)
        {
            WriteObject(new Transfer(created));
            return;
        }

        _waitingFor = created;
        var settled = WaitWithProgress(created)!;
        _waitingFor = null;
        WriteSettled(settled);
    }

    private void WriteSettled(TransferInfo settled)
    {
        switch (settled.State)
        {
            case TransferState.Transferred:
                if (TryAwait(ct => Client.CompleteAsync(settled.Id, ct), settled.Id, out var completed))
                {
                    WriteObject(new Transfer(completed));
                }

                break;
            case TransferState.Error:
                // The object too, so that `$t = Start-Transfer …` can be inspected, resumed or removed.
                WriteError(TransferFailed(settled));
                WriteObject(new Transfer(settled));
                break;
            default:
                // Suspended or cancelled by someone else meanwhile: not this command's to finish.
                WriteWarning($"Transfer '{settled.DisplayName}' is {settled.State}; it was not completed.");
                WriteObject(new Transfer(settled));
                break;
        }
    }

    /// <summary>Ctrl+C: the job keeps running in the host; say how to find it.</summary>
    protected override void StopProcessing()
    {
        base.StopProcessing();
        if (_waitingFor is { } job)
        {
            Host.UI.WriteWarningLine(
                $"Transfer '{job.DisplayName}' keeps running in the background. Check it with Get-Transfer -Id {job.Id}; once it is Transferred, run Complete-Transfer -Id {job.Id} to get the files.");
        }
    }
}
