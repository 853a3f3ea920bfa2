using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Engine.Tests.LocalFiles;

/// <summary>
/// A store left by BitsLite before temporary files had random names and recorded identities (schema version 4): its
/// download resumes in the predictably named file it has, which is adopted when it is a regular file of this user's
/// with one name, and otherwise left alone while the file starts again from zero under a fresh name.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LegacyPartFileTests(ITestOutputHelper output) : TransferTestBase
{
    [Fact]
    public async Task AVersion4Store_Migrates_AndItsPartFileIsAdopted_AndResumedWithARange()
    {
        var (id, content, checkpoint, legacy) = await LeaveAVersion4StoreAsync(Harness.Out("e.bin"));

        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(id);
        var identity = await StoreReader.FileColumnAsync(Harness.DatabasePath, id, 0, "temp_identity");
        await Engine.CompleteAsync(id);

        Assert.Equal($"bytes={checkpoint}-", Server.RequestsFor("/e.bin")[^1].Range);
        Assert.Equal(legacy, await StoreReader.TempPathAsync(Harness.DatabasePath, id));
        Assert.NotNull(identity);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("e.bin")));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task AVersion4Store_WhosePredictablyNamedPartFileWasSwappedForALink_StartsTheFileAgain_WithoutWritingTheTarget()
    {
        if (SharedDirectory.TryCreate(Harness.Directory.Path, output.WriteLine) is not { } shared)
        {
            return;
        }

        var (id, content, _, legacy) = await LeaveAVersion4StoreAsync(shared.File("e.bin"));
        await shared.PlantLinkAsync(legacy);

        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(id);
        await Engine.CompleteAsync(id);

        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Null(Server.RequestsFor("/e.bin")[^1].Range);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(shared.File("e.bin")));
    }

    [Fact]
    public async Task AVersion4StoresTransferredJob_IsCompletedFromItsPredictablyNamedFile()
    {
        var (id, content, _, _) = await LeaveAVersion4StoreAsync(Harness.Out("e.bin"), transferred: true);

        await Harness.OpenAsync();
        await Engine.CompleteAsync(id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("e.bin")));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
    }

    /// <summary>
    /// Leaves a store of schema version 4 as that version wrote it (<see cref="LegacyStore"/>): a download that was
    /// Transferring when its engine stopped (or is <paramref name="transferred"/>), with no identity on record and its
    /// temporary file under the predictable name of that version, holding the first bytes of the content (or all).
    /// </summary>
    private async Task<(Guid Id, byte[] Content, long Checkpoint, string Legacy)> LeaveAVersion4StoreAsync(string destination, bool transferred = false)
    {
        // The harness's engine made a store of today's schema; this test starts from version 4's instead.
        await Harness.CloseAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Harness.DatabasePath)!))
        {
            File.Delete(file);
        }

        var content = EngineHarness.RandomBytes(400_000);
        Server.Serve("/e.bin", content);
        var id = Guid.NewGuid();
        var checkpoint = transferred ? content.Length : 200_000;
        var legacy = LegacyStore.PredictablePartPath(destination, id);
        await File.WriteAllBytesAsync(legacy, content[..checkpoint]);
        var now = DateTimeOffset.UtcNow;
        LegacyStore.Create(Harness.DatabasePath, 4);
        LegacyStore.InsertJob(Harness.DatabasePath, 4, new LegacyJob
        {
            Id = id,
            DisplayName = Path.GetFileName(destination),
            State = transferred ? TransferState.Transferred : TransferState.Transferring,
            Created = now,
            Modified = now,
            LastProgress = now,
            Completed = transferred ? now : null,
            Files =
            [
                new LegacyFile(0, Server.Url("/e.bin").AbsoluteUri, destination, legacy)
                {
                    BytesTotal = content.Length,
                    BytesCheckpointed = checkpoint,
                    Validator = await ValidatorAsync("/e.bin"),
                    Transferred = transferred,
                },
            ],
        });
        return (id, content, checkpoint, legacy);
    }

    /// <summary>The validator a download of <paramref name="path"/> records from its first response: the server's strong entity tag.</summary>
    private async Task<string> ValidatorAsync(string path)
    {
        using var client = new HttpClient();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Server.Url(path)));
        response.EnsureSuccessStatusCode();
        return "etag:" + response.Headers.ETag!.Tag;
    }
}
