using System.Management.Automation;
using BitsLite.PowerShell.Errors;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Start-Transfer: creates a transfer job and, unless -Asynchronous, waits for it with a progress bar and completes it.</summary>
[Cmdlet(VerbsLifecycle.Start, "Transfer", SupportsShouldProcess = true)]
[OutputType(typeof(Transfer))]
public sealed class StartTransferCommand : JobOptionsCmdlet
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

    /// <summary>
    /// The SHA-256 each downloaded file must have, one per file in source order (64 hexadecimal digits; empty for a file
    /// without one). Checked as the bytes arrive: a file that does not match puts the transfer in Error and never
    /// appears. Also from the pipeline by property name (an ExpectedHash or Sha256 column of Import-Csv).
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Sha256")]
    [AllowEmptyString]
    [AllowNull]
    public string[]? ExpectedHash { get; set; }

    /// <summary>Download (default), Upload or UploadReply.</summary>
    [Parameter]
    public TransferType TransferType { get; set; } = TransferType.Download;

    /// <summary>Where an UploadReply transfer's reply is written when it is completed (required for UploadReply).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReplyFileName { get; set; }

    /// <summary>Return the job at once instead of waiting; run Complete-Transfer once it is Transferred.</summary>
    [Parameter]
    public SwitchParameter Asynchronous { get; set; }

    /// <summary>Create the job suspended; Resume-Transfer starts it. Implies -Asynchronous.</summary>
    [Parameter]
    public SwitchParameter Suspended { get; set; }

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
            files = WithHashes(files, ExpectedHash);
            var options = ReadOptions();
            request = new TransferRequest
            {
                TransferType = TransferType,
                Files = files,
                Suspended = Suspended,
                ReplyFile = ReplyFileName is null ? null : ReplyFilePath(ReplyFileName),

                // Foreground unless given, as with Start-BitsTransfer.
                Options = IsBound(nameof(Priority)) ? options : options with { Priority = TransferPriority.Foreground },
            };
            TransferRequestRules.Validate(request);
        }
        catch (TransferException ex)
        {
            WriteError(InvalidArgument(ex, GivenParameters()));
            return;
        }

        var target = request.Files.Count switch
        {
            0 => $"an empty transfer '{request.Options.DisplayName ?? "Transfer"}'",
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
                WriteWarning($"Transfer '{settled.Options.DisplayName}' is {settled.State}; it was not completed.");
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
                $"Transfer '{job.Options.DisplayName}' keeps running in the background. Check it with Get-Transfer -Id {job.Id}; once it is Transferred, run Complete-Transfer -Id {job.Id} to get the files.");
        }
    }
}
