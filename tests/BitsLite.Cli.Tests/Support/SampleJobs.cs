using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Support;

/// <summary>
/// Job snapshots as plain data, for tests of pure functions (id resolution, views, progress lines) that need
/// exact values (ids, sizes, times) no real host would give. Commands are tested against the real host.
/// </summary>
internal static class SampleJobs
{
    public static TransferInfo Job(string name, TransferState state = TransferState.Queued, Guid? id = null, long total = 1000, long done = 0) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Options = new TransferOptions { DisplayName = name, RetryInterval = TimeSpan.FromMinutes(10), RetryTimeout = TimeSpan.FromDays(14) },
        Owner = "tester",
        State = state,
        Files = [new TransferFileInfo { Source = $"https://example.com/{name}", Destination = $"/data/{name}", BytesTotal = total, BytesTransferred = done, IsTransferred = done == total }],
        BytesTotal = total,
        BytesTransferred = done,
        FilesTotal = 1,
        FilesTransferred = done == total ? 1 : 0,
        CreationTime = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero),
        ModificationTime = new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero),
    };
}
