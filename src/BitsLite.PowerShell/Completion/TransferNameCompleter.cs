using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Completion;

/// <summary>Completes -Name with live transfers' display names.</summary>
public sealed class TransferNameCompleter : TransferCompleter
{
    private protected override List<CompletionCandidate> Candidates(IEnumerable<TransferInfo> transfers, string wordToComplete) =>
        TransferCompletion.Names(transfers, wordToComplete);
}
