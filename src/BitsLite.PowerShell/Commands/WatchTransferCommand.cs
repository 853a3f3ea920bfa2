using System.Management.Automation;
using BitsLite.Client.Watching;
using BitsLite.PowerShell.Completion;
using BitsLite.PowerShell.Live;
using BitsLite.Protocol.Errors;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// Watch-Transfer: writes a record for each change of transfers as it happens, to the pipeline: first each transfer as
/// it stands, then state changes, new transfers, changed settings and progress. Named transfers are followed until each
/// is Transferred, Acknowledged, Cancelled or in Error; with none named, every transfer is, new ones too, until Ctrl+C or
/// a command downstream has what it wants (Select-Object -First).
/// </summary>
[Cmdlet(VerbsCommon.Watch, "Transfer", DefaultParameterSetName = ParameterSets.Name)]
[OutputType(typeof(TransferChange))]
public sealed class WatchTransferCommand : TransferCmdlet
{
    private readonly List<Guid> _targets = [];

    /// <summary>The transfers to follow, usually from Get-Transfer through the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ParameterSets.Transfer)]
    [Alias("BitsJob")]
    [ValidateNotNullOrEmpty]
    public Transfer[] Transfer { get; set; } = [];

    /// <summary>The ids of the transfers to follow.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Id)]
    [Alias("JobId")]
    [ArgumentCompleter(typeof(TransferIdCompleter))]
    [ValidateNotNullOrEmpty]
    public Guid[] Id { get; set; } = [];

    /// <summary>The display names of the live transfers to follow (wildcards allowed). Default: every transfer, new ones too.</summary>
    [Parameter(Position = 0, ParameterSetName = ParameterSets.Name)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TransferNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Writes no Progress records: only the transfers as they stand, state changes, new transfers and changed settings.</summary>
    [Parameter]
    public SwitchParameter NoProgress { get; set; }

    /// <summary>Seconds between two Progress records of one transfer (the last of a burst always comes); default 0.5.</summary>
    [Parameter]
    [ValidateRange(0.0, 3600.0)]
    public double ProgressInterval { get; set; } = TransferWatchOptions.DefaultProgressInterval.TotalSeconds;

    /// <summary>Collects the transfers named by this record.</summary>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ParameterSets.Name && Name is null)
        {
            return;
        }

        _targets.AddRange(Targets(Transfer, Id, Name ?? []).Select(t => t.Id));
    }

    /// <summary>Follows the transfers, writing each change as it comes.</summary>
    protected override void EndProcessing()
    {
        try
        {
            // Every transfer only when none was asked for: not when a pipeline or a pattern brought none.
            var everyTransfer = ParameterSetName == ParameterSets.Name && Name is null && !MyInvocation.ExpectingInput;
            if (everyTransfer || _targets.Count > 0)
            {
                Watch(everyTransfer ? null : _targets);
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Watch(IReadOnlyCollection<Guid>? ids)
    {
        var options = new TransferWatchOptions { IncludeProgress = !NoProgress, ProgressInterval = TimeSpan.FromSeconds(ProgressInterval) };
        TransferWatch watch = null!;
        try
        {
            watch = Await(ct => TransferWatch.StartAsync(Client, ids, options, ct));
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(ErrorRecordFor(ex, ids));
        }

        var changes = watch.ReadAllAsync(Cancellation).GetAsyncEnumerator(Cancellation);
        try
        {
            // Written from this thread, as each arrives (WriteObject may not be called from another).
            while (Await(_ => changes.MoveNextAsync().AsTask()))
            {
                LiveTransferRegistry.Shared.Observe(changes.Current.Transfer);
                WriteObject(new TransferChange(changes.Current));
            }
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(ErrorRecordFor(ex, ids));
        }
        finally
        {
            // Also when Ctrl+C or Select-Object -First stopped the pipeline: the host stops sending at once.
            changes.DisposeAsync().AsTask().GetAwaiter().GetResult();
            watch.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
