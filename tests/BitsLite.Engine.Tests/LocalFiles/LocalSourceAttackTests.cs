using System.Diagnostics;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Engine.Tests.LocalFiles;

/// <summary>
/// A local source in a directory another user ('nobody') can write to: they swap it for a link to a file only root may
/// read, so that the engine copies it where they can read it, or for a FIFO that would hold the transfer forever.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalSourceAttackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task ASourceSwappedForAnotherUsersLink_IsNotRead()
    {
        if (SharedDirectory.TryCreate(_engine.Directory.Path, output.WriteLine) is not { } shared)
        {
            return;
        }

        var source = shared.File("report.txt");
        await File.WriteAllTextAsync(source, "the user's report");
        await shared.PlantLinkAsync(source);

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(source, shared.File("copy.txt"))] });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Contains("belongs to user id 65534", failed.Error!.Description, StringComparison.Ordinal);
        await _engine.Engine.CompleteAsync(job.Id);
        Assert.Empty(shared.Entries("copy.txt"));
    }

    [Fact]
    public async Task ASourceThatIsAFifo_PutsTheJobInError_InsteadOfHoldingItForever()
    {
        var fifo = _engine.Out("pipe");
        using (var mkfifo = Process.Start("/usr/bin/mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        try
        {
            var job = await _engine.Engine.CreateAsync(new TransferRequest { Files = [new(fifo, _engine.Out("from-pipe.bin"))] });
            var failed = await _engine.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

            Assert.Equal(TransferState.Error, failed.State);
            Assert.Contains("is not a regular file", failed.Error!.Description, StringComparison.Ordinal);
        }
        finally
        {
            // An engine caught in open(2) on the FIFO (what this test guards against) would never stop: a writer that
            // opens without blocking, and goes, lets it go.
            using var writer = Process.Start("/bin/dd", ["if=/dev/null", $"of={fifo}", "oflag=nonblock", "status=none"]);
            await writer.WaitForExitAsync();
        }
    }
}
