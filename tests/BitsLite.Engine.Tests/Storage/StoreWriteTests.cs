using BitsLite.Engine.Storage;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Storage;

/// <summary>What the engine writes to its store, and what it does not: checkpoints touch their file's row alone, and settings are encrypted again only when their secrets change.</summary>
public class StoreWriteTests : TransferTestBase
{
    private const string OldPassword = "old-pw-4c1d";
    private const string NewPassword = "new-pw-93ab";
    private const string Token = "token-1e77";

    private string? Secrets(Guid id) => (string?)LegacyStore.JobColumn(Harness.DatabasePath, id, "secrets");

    [Fact]
    public async Task APriorityChange_LeavesTheEncryptedSecretsAsTheyAre_ButACredentialOrHeaderChangeEncryptsThemAgain()
    {
        var job = await Engine.CreateAsync(new TransferRequest
        {
            Suspended = true,
            Options = new()
            {
                Credentials = [new TransferCredential { UserName = "ann", Password = OldPassword }],
                CustomHeaders = [$"X-Api-Key: {Token}"],
            },
        });
        var created = Secrets(job.Id);
        Assert.NotNull(created);

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Priority = TransferPriority.Low });
        await Engine.SetAsync(job.Id, new TransferOptionsPatch { DisplayName = "renamed", MaxBandwidth = 5000, TransferPolicy = TransferCostPolicy.Unmetered });
        // The same credentials and headers again are no change of secrets either.
        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Credentials = [new TransferCredential { UserName = "ann", Password = OldPassword }], CustomHeaders = [$"X-Api-Key: {Token}"] });
        Assert.Equal(created, Secrets(job.Id));   // AES-GCM with a fresh nonce never gives the same text twice: nothing was re-encrypted

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Credentials = [new TransferCredential { UserName = "ann", Password = NewPassword }] });
        var afterCredentials = Secrets(job.Id);
        await Engine.SetAsync(job.Id, new TransferOptionsPatch { CustomHeaders = ["X-Api-Key: other"] });
        var afterHeaders = Secrets(job.Id);

        Assert.NotEqual(created, afterCredentials);
        Assert.NotEqual(afterCredentials, afterHeaders);
        foreach (var secret in new[] { OldPassword, NewPassword, Token, "X-Api-Key" })
        {
            Assert.DoesNotContain(secret, afterCredentials, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, afterHeaders, StringComparison.Ordinal);
        }

        await Harness.CloseAsync();
        using (var store = JobStore.Open(Harness.DatabasePath))
        {
            var options = Assert.Single(store.LoadLive()).Options;
            Assert.Equal((TransferPriority.Low, "renamed", 5000L), (options.Priority, options.DisplayName, options.MaxBandwidth));
            Assert.Equal(NewPassword, Assert.Single(options.Credentials).Password);
            Assert.Equal(["X-Api-Key: other"], options.CustomHeaders);
        }

        await Harness.OpenAsync();
    }

    [Fact]
    public async Task WhileADownloadRuns_ItsCheckpointsWriteItsFilesRow_AndNeverTheJobsRow()
    {
        // A store of today's schema, with its writes recorded from now on (the engine is closed meanwhile).
        await Harness.CloseAsync();
        WriteLog.Install(Harness.DatabasePath);
        await Harness.OpenAsync();

        // Slow enough (100 KB/s, a checkpoint every 100 ms) that several checkpoints happen while the job stays Transferring.
        var gate = new ResponseGate();
        Server.Serve("/steady.bin", EngineHarness.RandomBytes(400_000), new FaultPlan { PauseAfterBytes = 150_000, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/steady.bin"), Harness.Out("steady.bin"), new TransferRequest { Options = new() { MaxBandwidth = 100_000 } });
        await Harness.WaitForAsync(job.Id, TransferState.Transferring);
        WriteLog.Clear(Harness.DatabasePath);
        var jobRow = WriteLog.Row(Harness.DatabasePath, "SELECT * FROM jobs");
        var checkpoint = (long)(await StoreReader.FileColumnAsync(Harness.DatabasePath, job.Id, 0, "bytes_checkpointed"))!;

        // Some checkpoints later, well before the server holds the body at 150,000 bytes.
        await StoreReader.WaitForCheckpointAsync(Harness.DatabasePath, job.Id, checkpoint + 30_000);
        var entries = WriteLog.Entries(Harness.DatabasePath);
        var unchanged = WriteLog.Row(Harness.DatabasePath, "SELECT * FROM jobs");
        var state = Engine.Get(job.Id).State;
        gate.Abort();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry => Assert.Equal("UPDATE files 0", entry));
        Assert.Equal(jobRow, unchanged);
        Assert.Equal(TransferState.Transferring, state);
        var fileProgress = (long)(await StoreReader.FileColumnAsync(Harness.DatabasePath, job.Id, 0, "progress_ms"))!;
        var rowProgress = (long)LegacyStore.JobColumn(Harness.DatabasePath, job.Id, "last_progress_ms")!;
        Assert.True(fileProgress > rowProgress, $"the file's row carries the job's newer progress time ({fileProgress} > {rowProgress})");
    }
}
