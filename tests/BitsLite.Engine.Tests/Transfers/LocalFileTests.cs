using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class LocalFileTests : IAsyncLifetime
{
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LocalPathsAndFileUrls_AreCopied_AndCommittedOnComplete(bool asUrl)
    {
        var content = EngineHarness.RandomBytes(700_000);
        var source = _engine.Out("source.bin");
        await File.WriteAllBytesAsync(source, content);

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(asUrl ? new Uri(source).AbsoluteUri : source, _engine.Out("copy.bin"))] });
        var done = await _engine.WaitTransferredAsync(job.Id);
        Assert.False(File.Exists(_engine.Out("copy.bin")));
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(source, done.Files[0].Source);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("copy.bin")));
    }

    [Fact]
    public async Task ASymbolicLink_CopiesItsTargetsBytes()
    {
        // /etc/os-release is such a link on most systems: the link's own size is that of the target's name.
        var content = EngineHarness.RandomBytes(300_000);
        var target = _engine.Out("target.bin");
        await File.WriteAllBytesAsync(target, content);
        var link = _engine.Out("link.bin");
        File.CreateSymbolicLink(link, "target.bin");

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(link, _engine.Out("from-link.bin"))] });
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(300_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("from-link.bin")));
    }

    [Fact]
    public async Task ALocalCopy_IsThrottled()
    {
        var source = _engine.Out("slow-source.bin");
        await File.WriteAllBytesAsync(source, EngineHarness.RandomBytes(600_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(source, _engine.Out("slow-copy.bin"))], Options = new() { MaxBandwidth = 1_000_000 } });
        await _engine.WaitTransferredAsync(job.Id);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.45), $"took {watch.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task AMissingLocalSource_IsAnError_NamingThePath()
    {
        var missing = _engine.Out("does-not-exist.bin");

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(missing, _engine.Out("copy.bin"))] });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(TransferErrorContext.RemoteFile, failed.Error!.Context);
        Assert.Contains(missing, failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALocalSourceThatChanged_IsCopiedAgainFromTheStart()
    {
        var source = _engine.Out("changing.bin");
        await File.WriteAllBytesAsync(source, EngineHarness.RandomBytes(400_000));
        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(source, _engine.Out("copy.bin"))], Options = new() { MaxBandwidth = 400_000 } });
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred >= 100_000, "some bytes");
        await _engine.Engine.SuspendAsync(job.Id);

        var replacement = EngineHarness.RandomBytes(150_000);
        await File.WriteAllBytesAsync(source, replacement);
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        await _engine.Engine.SetAsync(job.Id, new TransferOptionsPatch { MaxBandwidth = 0 });
        await _engine.Engine.ResumeAsync(job.Id);
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(150_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(replacement), EngineHarness.Sha256(_engine.Out("copy.bin")));
    }
}
