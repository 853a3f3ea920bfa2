using BitsLite.Engine.Tests.Support;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Microsoft.Data.Sqlite;
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
    /// Stops an engine half-way through a download (or once it is <paramref name="transferred"/>) and turns its store
    /// into one of schema version 4, as today's BitsLite leaves it: no identities, and the temporary file under the
    /// predictable name of that version.
    /// </summary>
    private async Task<(Guid Id, byte[] Content, long Checkpoint, string Legacy)> LeaveAVersion4StoreAsync(string destination, bool transferred = false)
    {
        var content = EngineHarness.RandomBytes(400_000);
        var gate = new ResponseGate();
        Server.Serve("/e.bin", content, transferred ? null : new FaultPlan { PauseAfterBytes = 200_000, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/e.bin"), destination);
        long checkpoint;
        if (transferred)
        {
            checkpoint = (await Harness.WaitTransferredAsync(job.Id)).BytesTransferred;
        }
        else
        {
            await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
            checkpoint = await StoreReader.WaitForCheckpointAsync(Harness.DatabasePath, job.Id, 200_000);
        }

        await Harness.CloseAsync();
        gate.Abort();

        var temp = await StoreReader.TempPathAsync(Harness.DatabasePath, job.Id);
        var legacy = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{job.Id.ToString("N")[..12]}-0.bitslite-part");
        File.Move(temp, legacy);
        await using var connection = new SqliteConnection($"Data Source={Harness.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('files') WHERE name = 'temp_identity'";
        var version5 = await command.ExecuteScalarAsync() is not null;
        command.CommandText = (version5 ? "ALTER TABLE files DROP COLUMN temp_identity; ALTER TABLE jobs DROP COLUMN reply_temp; ALTER TABLE jobs DROP COLUMN reply_temp_identity; " : "")
            + "UPDATE files SET temp_path = $legacy; PRAGMA user_version = 4;";
        command.Parameters.AddWithValue("$legacy", legacy);
        await command.ExecuteNonQueryAsync();
        return (job.Id, content, checkpoint, legacy);
    }
}
