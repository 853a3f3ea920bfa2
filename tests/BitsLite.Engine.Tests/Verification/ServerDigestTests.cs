using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Verification;

public class ServerDigestTests : TransferTestBase
{
    private static string Hex(byte[] content) => EngineHarness.Sha256(content).ToLowerInvariant();

    private async Task<TransferInfo> FetchAsync(string name, byte[] content, FaultPlan plan, string? expected = null)
    {
        Server.Serve("/" + name, content, plan);
        var job = await Engine.CreateAsync(new TransferRequest
        {
            Files = [new TransferFileSpec(Server.Url("/" + name).AbsoluteUri, Harness.Out(name)) { ExpectedHash = expected }],
        });
        return await Harness.WaitForAsync(job.Id, TransferState.Transferred, TransferState.Error);
    }

    public static TheoryData<string> Headers() => ["Repr-Digest", "Content-Digest", "Digest"];

    private static Dictionary<string, string> DigestOf(string header, byte[] content) => header switch
    {
        "Repr-Digest" => DigestHeaders.Repr(content),
        "Content-Digest" => DigestHeaders.Content(content),
        _ => DigestHeaders.Legacy(content),
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task ARightServerDigest_IsVerified_WithNoOption(string header)
    {
        var content = EngineHarness.RandomBytes(100_000);

        var done = await FetchAsync("right.bin", content, new FaultPlan { ContentHeaders = DigestOf(header, content) });

        Assert.Equal(TransferState.Transferred, done.State);
        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task AWrongServerDigest_IsCaught_AndTheJobEndsInError(string header)
    {
        var content = EngineHarness.RandomBytes(100_000);
        var other = EngineHarness.RandomBytes(100_000);

        var failed = await FetchAsync("wrong.bin", content, new FaultPlan { ContentHeaders = DigestOf(header, other) });

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains($"the server's {header} says {Hex(other)}, the bytes received hash to {Hex(content)}", failed.Error!.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(Harness.Out("wrong.bin")));
    }

    [Fact]
    public async Task AWrongServerDigest_IsCaught_EvenWhenTheExpectedHashMatches()
    {
        var content = EngineHarness.RandomBytes(50_000);

        var failed = await FetchAsync("both.bin", content, new FaultPlan { ContentHeaders = DigestHeaders.Repr([1, 2, 3]) }, Hex(content));

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains("Repr-Digest", failed.Error!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReprDigestOnAResumedRange_IsCheckedAgainstTheWholeFile()
    {
        var content = EngineHarness.RandomBytes(300_000);

        var failed = await FetchAsync("ranged.bin", content, new FaultPlan { DropAfterBytes = 100_000, ContentHeaders = DigestHeaders.Repr(EngineHarness.RandomBytes(5)) });

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Equal(206, Server.RequestsFor("/ranged.bin")[1].StatusCode);
    }

    [Fact]
    public async Task AContentDigestOnARange_IsIgnored_SinceItCoversTheRangeAlone()
    {
        var content = EngineHarness.RandomBytes(300_000);

        // The first response (a 200, dropped) is checked by nothing, as it does not finish; the 206 that does carries a
        // Content-Digest of the whole file, which for a range is not what it means: it is not used.
        var done = await FetchAsync("content.bin", content, new FaultPlan { DropAfterBytes = 100_000, ContentHeaders = DigestHeaders.Content([9, 9, 9]) });

        Assert.Equal(TransferState.Transferred, done.State);
        Assert.Null(Assert.Single(done.Files).VerifiedHash);
        Assert.Equal(206, Server.RequestsFor("/content.bin")[1].StatusCode);
    }
}
