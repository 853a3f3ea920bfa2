using BitsLite.Testing.FaultServing;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class CrashRecoveryTests : TransferTestBase
{

    [Fact]
    public async Task AnEngineStoppedMidTransfer_IsResumedByTheNextOne_WithARange_AndTheFileIsByteIdentical()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("big.bin", 2_000_000, 700_000);

        await Harness.CloseAsync();
        gate.Abort();
        Assert.Equal(TransferState.Transferring, await StoredStateAsync(job.Id));

        await Harness.OpenAsync();
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(2_000_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("big.bin")));
        var resumed = Server.RequestsFor("/big.bin")[1];
        Assert.Equal("bytes=700000-", resumed.Range);
        Assert.Equal(206, resumed.StatusCode);
    }

    [Fact]
    public async Task BytesBeyondTheLastCheckpoint_AreNotTrusted_AfterARestart()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("torn.bin", 500_000, 200_000);
        await Harness.CloseAsync();
        gate.Abort();

        // What a crash can leave: bytes written after the last checkpoint that never reached the disk intact.
        var temporary = Assert.Single(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
        await using (var torn = new FileStream(temporary, FileMode.Append))
        {
            await torn.WriteAsync(new byte[50_000]);
        }

        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("torn.bin")));
        Assert.Equal("bytes=200000-", Server.RequestsFor("/torn.bin")[1].Range);
    }

    [Fact]
    public async Task AMissingTemporaryFile_RestartsThatFileFromZero()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("gone.bin", 300_000, 100_000);
        await Harness.CloseAsync();
        gate.Abort();
        File.Delete(Assert.Single(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part")));

        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("gone.bin")));
        Assert.Null(Server.RequestsFor("/gone.bin")[1].Range);
    }

    [Fact]
    public async Task SuspendedAndTransferredJobs_StayAsTheyWere_AcrossARestart()
    {
        Server.Serve("/done.bin", [4, 5, 6]);
        var transferred = await Harness.DownloadAsync(Server.Url("/done.bin"), Harness.Out("done.bin"));
        await Harness.WaitTransferredAsync(transferred.Id);
        var suspended = await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/done.bin").AbsoluteUri, Harness.Out("later.bin"))] });

        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Equal(TransferState.Transferred, Engine.Get(transferred.Id).State);
        Assert.Equal(TransferState.Suspended, Engine.Get(suspended.Id).State);
        await Engine.CompleteAsync(transferred.Id);
        Assert.Equal(new byte[] { 4, 5, 6 }, File.ReadAllBytes(Harness.Out("done.bin")));
        Assert.Single(Server.RequestsFor("/done.bin"));
    }

    [Fact]
    public async Task TimeSpentActive_IsSavedWithTheFinalState()
    {
        // The job is held by the server until its 300 ms budget runs out (it may not even have read a byte by then).
        var gate = new ResponseGate();
        Server.Serve("/timed.bin", EngineHarness.RandomBytes(100_000), new FaultPlan { PauseAfterBytes = 10_000, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/timed.bin"), Harness.Out("timed.bin"), new TransferRequest { Options = new() { MaxDownloadTime = TimeSpan.FromMilliseconds(300) } });
        await Harness.WaitForAsync(job.Id, TransferState.Error);
        gate.Abort();
        await Harness.CloseAsync();

        // Saved by the move to Error itself, not by a later write (before, nothing was saved: 0). The store keeps
        // whole milliseconds and timers may fire within a tick of their due time, hence not exactly 300.
        Assert.InRange(await StoredAsync<long>(job.Id, "active_time_ms"), 290, 60_000);
        await Harness.OpenAsync();
    }

    [Fact]
    public async Task BytesReceivedBeforeAServerStalls_AreCheckpointedDuringTheStall()
    {
        // The server sends 150,000 bytes and then nothing: no further read completes, yet a crash now must not lose them.
        var (job, gate, _) = await StartHeldDownloadAsync("stalled.bin", 400_000, 150_000);

        var deadline = DateTime.UtcNow + EngineHarness.WaitTimeout;
        long checkpointed;
        while ((checkpointed = await StoredCheckpointAsync(job.Id)) < 150_000)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {checkpointed} bytes checkpointed during the stall");
            await Task.Delay(20);
        }

        gate.Release();
        Assert.Equal(150_000, checkpointed);
    }

    private async Task<long> StoredCheckpointAsync(Guid id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Harness.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT f.bytes_checkpointed FROM files f JOIN jobs j ON j.seq = f.job_seq WHERE j.id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<T> StoredAsync<T>(Guid id, string column)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Harness.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (T)Convert.ChangeType(await command.ExecuteScalarAsync(), typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private async Task<TransferState> StoredStateAsync(Guid id) => (TransferState)await StoredAsync<int>(id, "state");
}
