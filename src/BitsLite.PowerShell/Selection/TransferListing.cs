using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Selection;

/// <summary>Reads a whole listing (the host streams it in pages).</summary>
internal static class TransferListing
{
    public static async Task<List<TransferInfo>> ReadAllAsync(BitsLiteClient client, TransferQuery query, CancellationToken cancellationToken)
    {
        var transfers = new List<TransferInfo>();
        await foreach (var transfer in client.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            transfers.Add(transfer);
        }

        return transfers;
    }
}
