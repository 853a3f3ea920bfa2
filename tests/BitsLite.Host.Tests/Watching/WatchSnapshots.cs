using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Host.Tests.Watching;

/// <summary>Job snapshots as the host sends them, for the watch's own parts.</summary>
internal static class WatchSnapshots
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly Guid A = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static readonly Guid B = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    /// <summary>Job <paramref name="id"/> in <paramref name="state"/>, last modified <paramref name="modifiedAfter"/> after <see cref="Start"/>.</summary>
    public static TransferInfo Job(Guid id, TransferState state, long bytes = 0, int modifiedAfter = 0, string? queueReason = null) => new()
    {
        Id = id,
        Owner = "ann",
        Options = new TransferOptions { DisplayName = id == A ? "a.iso" : "b.iso" },
        State = state,
        BytesTotal = 1000,
        BytesTransferred = bytes,
        FilesTotal = 1,
        CreationTime = Start,
        ModificationTime = Start.AddSeconds(modifiedAfter),
        QueueReason = queueReason,
    };
}
