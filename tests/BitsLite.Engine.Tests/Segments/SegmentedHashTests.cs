using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Segments;

/// <summary>
/// Expected hashes and server digests on files fetched over several connections: the hash follows the part written
/// without a hole, so it holds whatever order the segments finish in, across a restart and a fall-back to one stream.
/// </summary>
public class SegmentedHashTests : TransferTestBase
{
    private const int Size = 1024 * 1024;

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { MinSegmentSize = 64 * 1024 };

    private static string Hex(byte[] content) => EngineHarness.Sha256(content).ToLowerInvariant();

    private Task<TransferInfo> DownloadAsync(string name, string? expected) =>
        Engine.CreateAsync(new TransferRequest
        {
            Options = new() { Priority = TransferPriority.Foreground },
            Files = [new TransferFileSpec(Server.Url("/" + name).AbsoluteUri, Harness.Out(name)) { ExpectedHash = expected }],
        });

    [Fact]
    public async Task ARightHash_OverFourConnections_Verifies()
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/right.bin", content, new FaultPlan { BytesPerSecond = 2_000_000 });

        var job = await DownloadAsync("right.bin", Hex(content));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(4, Server.RequestsFor("/right.bin").Count);
        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
        Assert.Equal(content, File.ReadAllBytes(Harness.Out("right.bin")));
    }

    [Fact]
    public async Task AWrongHash_OverFourConnections_EndsInError_AndResumeStartsAgainOnOneRecordWithoutSegments()
    {
        var content = EngineHarness.RandomBytes(Size);
        var wrong = Hex(EngineHarness.RandomBytes(10));
        Server.Serve("/wrong.bin", content);

        var job = await DownloadAsync("wrong.bin", wrong);
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains($"expected {wrong}, got {Hex(content)}", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Equal(4, Server.RequestsFor("/wrong.bin").Count);
        Assert.Equal(0, Assert.Single(failed.Files).BytesTransferred);
        Assert.Null(await SegmentStore.ReadAsync(Harness.DatabasePath, job.Id));
        Assert.False(File.Exists(Harness.Out("wrong.bin")));
    }

    [Fact]
    public async Task AWrongReprDigest_OnSegments_IsCaught()
    {
        var content = EngineHarness.RandomBytes(Size);
        var other = EngineHarness.RandomBytes(Size);
        Server.Serve("/digest.bin", content, new FaultPlan { ContentHeaders = DigestHeaders.Repr(other) });

        var job = await DownloadAsync("digest.bin", expected: null);
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains("Repr-Digest", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Equal(4, Server.RequestsFor("/digest.bin").Count);
    }

    [Fact]
    public async Task AnEngineStoppedMidWay_RebuildsTheHashFromEachSegmentsBytesOnDisk_AndVerifies()
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/resume.bin", content, new FaultPlan { BytesPerSecond = 200_000 });
        var job = await DownloadAsync("resume.bin", Hex(content));
        await SegmentStore.WaitForAsync(Harness.DatabasePath, job.Id, s => s is { Parts.Count: 4 } && s.Parts.All(p => p.Done > 0 && !p.IsComplete));

        await Harness.CloseAsync();
        await Harness.OpenAsync();
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
        Assert.All(Server.RequestsFor("/resume.bin").Skip(4), r => Assert.Equal(206, r.StatusCode));
        Assert.Equal(content, File.ReadAllBytes(Harness.Out("resume.bin")));
    }

    [Fact]
    public async Task AFallBackToOneStream_HashesTheNewContentFromZero()
    {
        var original = EngineHarness.RandomBytes(Size);
        var changed = EngineHarness.RandomBytes(Size);
        Server.Serve("/changing.bin", original, new FaultPlan { ChangeContentAfterRequests = 1, ChangedContent = changed });

        var job = await DownloadAsync("changing.bin", Hex(changed));
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(Hex(changed), Assert.Single(done.Files).VerifiedHash);
        Assert.Equal(changed, File.ReadAllBytes(Harness.Out("changing.bin")));
    }
}
