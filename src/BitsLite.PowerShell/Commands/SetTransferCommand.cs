using System.Management.Automation;
using BitsLite.PowerShell.Completion;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>Set-Transfer: changes live transfers' settings; parameters not given keep their value.</summary>
[Cmdlet(VerbsCommon.Set, "Transfer", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSets.Transfer)]
[OutputType(typeof(Transfer))]
public sealed class SetTransferCommand : JobOptionsCmdlet
{
    private TransferOptionsPatch? _changes;

    /// <summary>The transfers to change, usually from Get-Transfer through the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ParameterSets.Transfer)]
    [Alias("BitsJob")]
    [ValidateNotNullOrEmpty]
    public Transfer[] Transfer { get; set; } = [];

    /// <summary>The ids of the transfers to change.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Id)]
    [Alias("JobId")]
    [ArgumentCompleter(typeof(TransferIdCompleter))]
    [ValidateNotNullOrEmpty]
    public Guid[] Id { get; set; } = [];

    /// <summary>The display names of the live transfers to change; wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Name)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TransferNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Removes every stored credential (server and proxy).</summary>
    [Parameter]
    public SwitchParameter ClearCredential { get; set; }

    /// <summary>Write the changed transfers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Checks the settings once, before any transfer is touched.</summary>
    protected override void BeginProcessing()
    {
        try
        {
            var changes = ReadOptions();
            if (ClearCredential)
            {
                changes = changes.Credentials is null
                    ? changes with { Credentials = [] }
                    : throw new TransferException(TransferErrorCode.InvalidArgument, "-ClearCredential cannot be combined with -Credential or -ProxyCredential.");
            }

            _changes = changes.IsEmpty
                ? throw new TransferException(TransferErrorCode.InvalidArgument, "Nothing to change: give at least one setting, such as -Priority or -DisplayName.")
                : changes;
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(InvalidArgument(ex, GivenParameters()));
        }
    }

    /// <summary>Changes each transfer named.</summary>
    protected override void ProcessRecord()
    {
        foreach (var transfer in Targets(Transfer, Id, Name))
        {
            if (ShouldProcess(Describe(transfer), "Set transfer") && TryAwait(ct => Client.SetAsync(transfer.Id, _changes!, ct), transfer.Id, out var changed) && PassThru)
            {
                WriteObject(new Transfer(changed));
            }
        }
    }
}
