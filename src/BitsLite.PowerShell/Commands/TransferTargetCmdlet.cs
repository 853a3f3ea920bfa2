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
        foreach (var target in Targets())
        {
            ProcessTransfer(target);
        }
    }

    /// <summary>Acts on one transfer; <paramref name="transfer"/> may be a summary without files.</summary>
    private protected abstract void ProcessTransfer(TransferInfo transfer);

    private IEnumerable<TransferInfo> Targets()
    {
        switch (ParameterSetName)
        {
            case ParameterSets.Transfer:
                return Transfer.Where(t => t is not null).Select(t => t.Info);
            case ParameterSets.Id:
                return Id.Select(id => TryAwait(ct => Client.GetAsync(id, ct), id, out var found) ? found : null).OfType<TransferInfo>();
            default:
                var live = Await(ct => TransferListing.ReadAllAsync(Client, new TransferQuery { LiveOnly = true, WithoutFiles = true }, ct));
                var (matches, unmatched) = TransferSelection.ByName(live, Name);
                foreach (var name in unmatched)
                {
                    WriteError(new ErrorRecord(
                        new TransferException(TransferErrorCode.NotFound, $"No live transfer is named '{name}'. Get-Transfer lists them."),
                        TransferErrorCategories.NameNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }

                return matches;
        }
    }

    /// <summary>What ShouldProcess shows for a transfer.</summary>
    private protected static string Describe(TransferInfo transfer) => $"{transfer.DisplayName} ({transfer.Id})";
}
