using System.Management.Automation;
using BitsLite.PowerShell.Completion;
using BitsLite.PowerShell.Errors;
using BitsLite.PowerShell.Selection;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Get-Transfer: lists transfers, by name (wildcards) or by id; by default the live ones.</summary>
[Cmdlet(VerbsCommon.Get, "Transfer", DefaultParameterSetName = ParameterSets.Name)]
[OutputType(typeof(Transfer))]
public sealed class GetTransferCommand : TransferCmdlet
{
    /// <summary>Display names; wildcards are allowed. Default: every transfer.</summary>
    [Parameter(Position = 0, ParameterSetName = ParameterSets.Name)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TransferNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Transfer ids, also from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Id)]
    [Alias("JobId")]
    [ArgumentCompleter(typeof(TransferIdCompleter))]
    [ValidateNotNullOrEmpty]
    public Guid[] Id { get; set; } = [];

    /// <summary>Only transfers in these states.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public TransferState[]? State { get; set; }

    /// <summary>Also completed (Acknowledged) and removed (Cancelled) transfers, which the host keeps for 90 days.</summary>
    [Parameter(ParameterSetName = ParameterSets.Name)]
    public SwitchParameter All { get; set; }

    /// <summary>Writes the transfers asked for.</summary>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ParameterSets.Id)
        {
            foreach (var id in Id)
            {
                if (TryAwait(ct => Client.GetAsync(id, ct), id, out var transfer) && Wanted(transfer))
                {
                    WriteObject(new Transfer(transfer));
                }
            }

            return;
        }

        var query = new TransferQuery { LiveOnly = !All && State is null, States = State };
        if (Name is null)
        {
            // Written as the pages arrive, from this thread (WriteObject may not be called from another): the first
            // rows show at once even with a long history.
            var transfers = Client.ListAsync(query, Cancellation).GetAsyncEnumerator(Cancellation);
            try
            {
                while (Await(_ => transfers.MoveNextAsync().AsTask()))
                {
                    WriteObject(new Transfer(transfers.Current));
                }
            }
            finally
            {
                Await(async _ =>
                {
                    await transfers.DisposeAsync().ConfigureAwait(false);
                    return true;
                });
            }

            return;
        }

        var (matches, unmatched) = TransferSelection.ByName(Await(ct => TransferListing.ReadAllAsync(Client, query, ct)), Name);
        foreach (var name in unmatched)
        {
            WriteError(new ErrorRecord(
                new TransferException(TransferErrorCode.NotFound, $"No transfer is named '{name}'{(All ? "" : " (add -All to include completed and removed ones)")}."),
                TransferErrorCategories.NameNotFound,
                ErrorCategory.ObjectNotFound,
                name));
        }

        WriteObject(matches.Select(t => new Transfer(t)), enumerateCollection: true);
    }

    private bool Wanted(TransferInfo transfer) => State is null || State.Contains(transfer.State);
}
