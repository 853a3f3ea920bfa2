using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using BitsLite.Client;
using BitsLite.PowerShell.Commands;
using BitsLite.PowerShell.Selection;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Completion;

/// <summary>
/// Tab completion from the live transfers. It starts the host when none runs, as every cmdlet does (an on-demand host
/// exits when idle, even while a Transferred job waits for Complete-Transfer), and gives up after a few seconds, so a
/// busy or broken host never freezes the prompt.
/// </summary>
public abstract class TransferCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        List<TransferInfo> live;
        try
        {
            using var budget = new CancellationTokenSource(Budget);
            live = ReadLiveAsync(budget.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is TransferException or OperationCanceledException or IOException)
        {
            return [];
        }

        return Candidates(live, wordToComplete).Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip));
    }

    private protected abstract List<CompletionCandidate> Candidates(IEnumerable<TransferInfo> transfers, string wordToComplete);

    private static async Task<List<TransferInfo>> ReadLiveAsync(CancellationToken cancellationToken)
    {
        var client = await BitsLiteClient.ConnectAsync(TransferCmdlet.ClientOptions(), cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            return await TransferListing.ReadAllAsync(client, new TransferQuery { LiveOnly = true, WithoutFiles = true }, cancellationToken).ConfigureAwait(false);
        }
    }
}
