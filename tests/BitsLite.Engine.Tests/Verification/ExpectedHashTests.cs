using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Verification;

public class ExpectedHashTests : TransferTestBase
{
    private static string Hex(byte[] content) => EngineHarness.Sha256(content).ToLowerInvariant();

    private Task<TransferInfo> DownloadAsync(string name, string? expected, bool suspended = false) =>
        Engine.CreateAsync(new TransferRequest
        {
            Suspended = suspended,
            Files = [new TransferFileSpec(Server.Url("/" + name).AbsoluteUri, Harness.Out(name)) { ExpectedHash = expected }],
        });

    [Fact]
    public async Task ARightHash_Completes_AndTheFileShowsItAsVerified()
    {
        var content = EngineHarness.RandomBytes(300_000);
        Server.Serve("/right.bin", content);

        var job = await DownloadAsync("right.bin", Hex(content).ToUpperInvariant());
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        var file = Assert.Single(done.Files);
        Assert.Equal(Hex(content), file.ExpectedHash);
        Assert.Equal(Hex(content), file.VerifiedHash);
        Assert.Equal(content, File.ReadAllBytes(Harness.Out("right.bin")));
    }

    [Fact]
    public async Task AWrongHash_EndsInError_NamingBothHashes_AndNothingCountsAsTransferred_EvenOnComplete()
    {
        var content = EngineHarness.RandomBytes(200_000);
        var wrong = Hex(EngineHarness.RandomBytes(10));
        Server.Serve("/wrong.bin", content);

        var job = await DownloadAsync("wrong.bin", wrong);
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains($"expected {wrong}, got {Hex(content)}", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Equal(TransferErrorContext.RemoteFile, failed.Error.Context);
        Assert.False(failed.Error.IsTransient);
        var file = Assert.Single(failed.Files);
        Assert.False(file.IsTransferred);
        Assert.Equal(0, file.BytesTransferred);
        Assert.Null(file.VerifiedHash);
        Assert.False(File.Exists(Harness.Out("wrong.bin")));
        Assert.Single(Directory.GetFiles(Harness.Directory.Path, ".wrong.bin.*bitslite-part"));

        // As in BITS, completing a job in Error keeps only its transferred files: this one is not among them.
        await Engine.CompleteAsync(job.Id);
        Assert.False(File.Exists(Harness.Out("wrong.bin")));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".wrong.bin.*"));
    }

    [Fact]
    public async Task AResumeAfterAMismatch_DownloadsTheFileAgainFromTheStart()
    {
        var content = EngineHarness.RandomBytes(150_000);
        Server.Serve("/again.bin", content);
        var job = await DownloadAsync("again.bin", Hex(EngineHarness.RandomBytes(10)));
        await Harness.WaitForAsync(job.Id, TransferState.Error);

        await Engine.ResumeAsync(job.Id);
        await Harness.WaitUntilAsync(job.Id, t => t.State == TransferState.Error && Server.RequestsFor("/again.bin").Count == 2, "a second mismatch");

        Assert.All(Server.RequestsFor("/again.bin"), r => Assert.Null(r.Range));
        Assert.False(File.Exists(Harness.Out("again.bin")));
    }

    [Fact]
    public async Task AnEngineStoppedMidFile_RebuildsTheHashFromTheBytesOnDisk_AndVerifies()
    {
        var content = EngineHarness.RandomBytes(1_000_000);
        var gate = new ResponseGate();
        Server.Serve("/held.bin", content, new FaultPlan { PauseAfterBytes = 400_000, Gate = gate });
        var job = await DownloadAsync("held.bin", Hex(content));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.BytesTransferred == 400_000, "bytes at the gate");

        await Harness.CloseAsync();
        gate.Abort();
        await Harness.OpenAsync();
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
        Assert.Equal("bytes=400000-", Server.RequestsFor("/held.bin")[1].Range);
        Assert.Equal(206, Server.RequestsFor("/held.bin")[1].StatusCode);
    }

    [Fact]
    public async Task ADroppedConnection_ResumedWithARange_StillVerifies()
    {
        var content = EngineHarness.RandomBytes(400_000);
        Server.Serve("/dropped.bin", content, new FaultPlan { DropAfterBytes = 150_000, DropTimes = 1 });

        var job = await DownloadAsync("dropped.bin", Hex(content));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
        Assert.Equal(206, Server.RequestsFor("/dropped.bin")[1].StatusCode);
    }

    [Fact]
    public async Task AServerThatIgnoresRange_StartsTheHashAgainWithTheFile()
    {
        var content = EngineHarness.RandomBytes(300_000);
        Server.Serve("/norange.bin", content, new FaultPlan { IgnoreRange = true, DropAfterBytes = 100_000, DropTimes = 1 });

        var job = await DownloadAsync("norange.bin", Hex(content));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(Hex(content), Assert.Single(done.Files).VerifiedHash);
        Assert.Equal(200, Server.RequestsFor("/norange.bin")[1].StatusCode);
    }

    [Fact]
    public async Task ContentThatChangedBetweenAttempts_IsHashedFromZero_AndMustMatchTheNewContent()
    {
        var original = EngineHarness.RandomBytes(300_000);
        var changed = EngineHarness.RandomBytes(250_000);
        Server.Serve("/changing.bin", original, new FaultPlan { DropAfterBytes = 120_000, DropTimes = 1, ChangeContentAfterRequests = 1, ChangedContent = changed });

        var job = await DownloadAsync("changing.bin", Hex(changed));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(Hex(changed), Assert.Single(done.Files).VerifiedHash);
    }

    [Fact]
    public async Task ALocalSource_IsCheckedToo()
    {
        var content = EngineHarness.RandomBytes(50_000);
        var source = Harness.Out("local-source.bin");
        await File.WriteAllBytesAsync(source, content);

        var job = await Engine.CreateAsync(new TransferRequest { Files = [new TransferFileSpec(source, Harness.Out("copy.bin")) { ExpectedHash = Hex([1, 2, 3]) }] });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains(Hex(content), failed.Error!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExpectedAndVerifiedHashes_AreKept_AcrossARestartOfTheEngine()
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/kept.bin", content);
        var waiting = await DownloadAsync("kept.bin", Hex(content), suspended: true);
        Server.Serve("/kept2.bin", content, new FaultPlan { ContentHeaders = DigestHeaders.Repr(content) });
        var done = await DownloadAsync("kept2.bin", null);
        await Harness.WaitTransferredAsync(done.Id);

        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Equal(Hex(content), Assert.Single(Engine.Get(waiting.Id).Files).ExpectedHash);
        var verified = Assert.Single(Engine.Get(done.Id).Files);
        Assert.Null(verified.ExpectedHash);
        Assert.Equal(Hex(content), verified.VerifiedHash);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task AHashThatIsNot64HexDigits_IsRefused_AndNothingIsCreated(string hash)
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() => DownloadAsync("bad.bin", hash));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("64 hexadecimal digits", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Engine.List(new TransferQuery()));
    }

    [Fact]
    public async Task AnUploadWithAnExpectedHash_IsRefused()
    {
        var source = Harness.Out("up.bin");
        await File.WriteAllBytesAsync(source, [1, 2, 3]);

        var ex = await Assert.ThrowsAsync<TransferException>(() => Engine.CreateAsync(new TransferRequest
        {
            TransferType = TransferType.Upload,
            Files = [new TransferFileSpec(source, Server.Url("/in/up.bin").AbsoluteUri) { ExpectedHash = Hex([1, 2, 3]) }],
        }));

        Assert.Contains("downloads only", ex.Message, StringComparison.Ordinal);
    }
}
