using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Support;

/// <summary>Transfer snapshots for tests of the layers below the cmdlets.</summary>
internal static class Transfers
{
    public static TransferInfo Named(string name, TransferState state = TransferState.Queued, Guid? id = null, DateTimeOffset? created = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Options = new() { DisplayName = name },
        Owner = "me",
        State = state,
        CreationTime = created ?? DateTimeOffset.UnixEpoch,
    };
}
