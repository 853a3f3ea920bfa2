using System.Collections.Concurrent;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Xunit.Abstractions;

namespace BitsLite.Engine.Tests.LocalFiles;

/// <summary>
/// Another user ('nobody') who can write a download's directory plants links and files where the engine keeps its
/// temporary files, to make it write a file only root may write, or move something else into the destination. Needs
/// root, to switch users (CI runs as root); elsewhere each test returns at once, saying why.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SharedDirectoryAttackTests(ITestOutputHelper output) : TransferTestBase
{
    private readonly ConcurrentQueue<string> _log = new();

    public enum Plant
    {
        SymbolicLink,
        HardLink,
        OwnFile,
    }

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { Log = (_, message) => _log.Enqueue(message) };

    [Fact]
    public async Task ALinkPlantedAtTheNextFilesPredictableName_IsNeverWritten_AndTheJobCompletes()
    {
        if (Stage() is not { } shared)
        {
            return;
        }

        var (first, second) = (EngineHarness.RandomBytes(200_000), EngineHarness.RandomBytes(100_000));
        var gate = new ResponseGate();
        Server.Serve("/a.bin", first, new FaultPlan { PauseAfterBytes = 50_000, Gate = gate });
        Server.Serve("/b.bin", second);
        var job = await Engine.CreateAsync(new TransferRequest
        {
            Files = [new(Server.Url("/a.bin").AbsoluteUri, shared.File("a.bin")), new(Server.Url("/b.bin").AbsoluteUri, shared.File("b.bin"))],
        });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.BytesTransferred == 50_000, "bytes at the gate");

        // What nobody sees is the first file's temporary file; the second one's name is guessed from it.
        var seen = Path.GetFileName(Assert.Single(shared.Entries(".a.bin.*")));
        var guess = seen.Replace(".a.bin.", ".b.bin.", StringComparison.Ordinal).Replace("-0.bitslite-part", "-1.bitslite-part", StringComparison.Ordinal);
        await shared.PlantLinkAsync(shared.File(guess));
        gate.Release();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Equal(EngineHarness.Sha256(first), EngineHarness.Sha256(shared.File("a.bin")));
        Assert.Equal(EngineHarness.Sha256(second), EngineHarness.Sha256(shared.File("b.bin")));
    }

    [Theory]
    [InlineData(Plant.SymbolicLink, "is a symbolic link")]
    [InlineData(Plant.HardLink, "has 2 names")]
    [InlineData(Plant.OwnFile, "belongs to user id 65534")]
    public async Task ATemporaryFileReplacedDuringTheTransfer_IsNeverWritten_AndTheFileStartsAgainInAFreshOne(Plant plant, string why)
    {
        if (Stage() is not { } shared)
        {
            return;
        }

        var content = EngineHarness.RandomBytes(300_000);
        var gate = new ResponseGate();
        Server.Serve("/c.bin", content, new FaultPlan { PauseAfterBytes = 100_000, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/c.bin"), shared.File("c.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.BytesTransferred == 100_000, "bytes at the gate");
        var part = Assert.Single(shared.Entries(".c.bin.*bitslite-part"));

        await PlantAsync(shared, plant, part);
        gate.Abort(); // the connection drops, and the retry opens the temporary file again
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(shared.File("c.bin")));
        Assert.Null(Server.RequestsFor("/c.bin")[^1].Range); // started again from zero
        Assert.Contains(_log, m => m.Contains($"'{part}' {why}", StringComparison.Ordinal));
        Assert.True(Path.Exists(part), "what nobody planted was left alone");
    }

    [Fact]
    public async Task ATemporaryFileSwappedForALinkBeforeComplete_IsNotMoved_AndIsDownloadedAgain()
    {
        if (Stage() is not { } shared)
        {
            return;
        }

        var content = EngineHarness.RandomBytes(120_000);
        Server.Serve("/d.bin", content);
        var job = await Harness.DownloadAsync(Server.Url("/d.bin"), shared.File("d.bin"));
        await Harness.WaitTransferredAsync(job.Id);
        await shared.PlantLinkAsync(Assert.Single(shared.Entries(".d.bin.*bitslite-part")));

        var refused = await Assert.ThrowsAsync<TransferException>(() => Engine.CompleteAsync(job.Id));

        Assert.Equal(TransferErrorCode.LocalFileFailure, refused.Code);
        Assert.Contains("is a symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Contains("downloaded again", refused.Message, StringComparison.Ordinal);
        Assert.Empty(shared.Entries("d.bin"));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(shared.File("d.bin")));
        Assert.Null(new FileInfo(shared.File("d.bin")).LinkTarget);
        Assert.Equal(2, Server.RequestsFor("/d.bin").Count);
    }

    private static Task PlantAsync(SharedDirectory shared, Plant plant, string entry) => plant switch
    {
        Plant.SymbolicLink => shared.PlantLinkAsync(entry),
        Plant.HardLink => shared.PlantHardLinkAsync(entry),
        _ => SharedDirectory.PlantOwnFileAsync(entry),
    };

    private SharedDirectory? Stage() => SharedDirectory.TryCreate(Harness.Directory.Path, output.WriteLine);
}
