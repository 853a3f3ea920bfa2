using System.Management.Automation;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Add-TransferFile: adds files to a download transfer; a Transferred transfer queues again for them.</summary>
[Cmdlet(VerbsCommon.Add, "TransferFile", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class AddTransferFileCommand : TransferTargetCmdlet
{
    /// <summary>http(s) URLs, file:// URLs or local paths (wildcards match local files); also from the pipeline by property name, e.g. Import-Csv rows.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Source { get; set; } = [];

    /// <summary>One path per source, or one existing directory for all; default the current directory. Also from the pipeline by property name.</summary>
    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
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

    /// <summary>Write the transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessTransfer(TransferInfo transfer)
    {
        IReadOnlyList<TransferFileSpec> files;
        try
        {
            files = WithHashes(FilesFrom(Source, Destination), ExpectedHash);
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(InvalidArgument(ex, GivenParameters()));
            return;
        }

        var action = files.Count == 1 ? $"Add {files[0].Source}" : $"Add {files.Count} files";
        if (ShouldProcess(Describe(transfer), action) && TryAwait(ct => Client.AddFilesAsync(transfer.Id, files, ct), transfer.Id, out var changed) && PassThru)
        {
            WriteObject(new Transfer(changed));
        }
    }
}
