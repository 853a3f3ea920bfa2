using System.Management.Automation;
using BitsLite.PowerShell.Completion;
using BitsLite.PowerShell.Errors;
using BitsLite.PowerShell.Selection;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// A cmdlet that acts on existing transfers, named by object (from the pipeline), by -Id or by -Name (wildcards,
/// live transfers only). Each transfer found is handed to <see cref="ProcessTransfer"/> once.
/// </summary>
public abstract class TransferTargetCmdlet : TransferCmdlet
{
    /// <summary>The transfers to act on, usually from Get-Transfer through the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ParameterSets.Transfer)]
    [Alias("BitsJob")]
    [ValidateNotNullOrEmpty]
    public Transfer[] Transfer { get; set; } = [];

    /// <summary>The ids of the transfers to act on.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Id)]
    [Alias("JobId")]
    [ArgumentCompleter(typeof(TransferIdCompleter))]
    [ValidateNotNullOrEmpty]
    public Guid[] Id { get; set; } = [];

    /// <summary>The display names of the live transfers to act on; wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Name)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TransferNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Finds the transfers this record names and processes each.</summary>
    protected override void ProcessRecord()
    {
        foreach (var target in Targets(Transfer, Id, Name))
        {
            ProcessTransfer(target);
        }
    }

    /// <summary>Acts on one transfer; <paramref name="transfer"/> may be a summary without files.</summary>
    private protected abstract void ProcessTransfer(TransferInfo transfer);

}
