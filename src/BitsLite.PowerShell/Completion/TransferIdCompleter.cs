using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Completion;

/// <summary>Completes -Id with live transfers' ids.</summary>
public sealed class TransferIdCompleter : TransferCompleter
{
    private protected override List<CompletionCandidate> Candidates(IEnumerable<TransferInfo> transfers, string wordToComplete) =>
        TransferCompletion.Ids(transfers, wordToComplete);
}
