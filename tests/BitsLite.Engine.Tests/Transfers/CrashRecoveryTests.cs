using BitsLite.Engine.Tests.Infrastructure;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class CrashRecoveryTests : IAsyncLifetime
{
    private FaultServer _server = null!;
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _engine = await EngineHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AnEngineStoppedMidTransfer_IsResumedByTheNextOne_WithARange_AndTheFileIsByteIdentical()
    {
        var content = EngineHarness.RandomBytes(2_000_000);
        var gate = new ResponseGate();
        _server.Serve("/big.bin", content, new FaultPlan { PauseAfterBytes = 700_000, Gate = gate });
        var job = await _engine.DownloadAsync(_server.Url("/big.bin"), _engine.Out("big.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred == 700_000, "bytes at the gate");

        await _engine.CloseAsync();
        gate.Abort();
        Assert.Equal(TransferState.Transferring, await StoredStateAsync(job.Id));

        await _engine.OpenAsync();
        var done = await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(2_000_000, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("big.bin")));
        var resumed = _server.RequestsFor("/big.bin")[1];
        Assert.Equal("bytes=700000-", resumed.Range);
        Assert.Equal(206, resumed.StatusCode);
    }

    [Fact]
    public async Task BytesBeyondTheLastCheckpoint_AreNotTrusted_AfterARestart()
    {
        var content = EngineHarness.RandomBytes(500_000);
        var gate = new ResponseGate();
        _server.Serve("/torn.bin", content, new FaultPlan { PauseAfterBytes = 200_000, Gate = gate });
        var job = await _engine.DownloadAsync(_server.Url("/torn.bin"), _engine.Out("torn.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred == 200_000, "bytes at the gate");
        await _engine.CloseAsync();
        gate.Abort();

        // What a crash can leave: bytes written after the last checkpoint that never reached the disk intact.
        var temporary = Assert.Single(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part"));
        await using (var torn = new FileStream(temporary, FileMode.Append))
        {
            await torn.WriteAsync(new byte[50_000]);
        }

        await _engine.OpenAsync();
        await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("torn.bin")));
        Assert.Equal("bytes=200000-", _server.RequestsFor("/torn.bin")[1].Range);
    }

    [Fact]
    public async Task AMissingTemporaryFile_RestartsThatFileFromZero()
    {
        var content = EngineHarness.RandomBytes(300_000);
        var gate = new ResponseGate();
        _server.Serve("/gone.bin", content, new FaultPlan { PauseAfterBytes = 100_000, Gate = gate });
        var job = await _engine.DownloadAsync(_server.Url("/gone.bin"), _engine.Out("gone.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred == 100_000, "bytes at the gate");
        await _engine.CloseAsync();
        gate.Abort();
        File.Delete(Assert.Single(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part")));

        await _engine.OpenAsync();
        await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("gone.bin")));
        Assert.Null(_server.RequestsFor("/gone.bin")[1].Range);
    }

    [Fact]
    public async Task SuspendedAndTransferredJobs_StayAsTheyWere_AcrossARestart()
    {
        _server.Serve("/done.bin", [4, 5, 6]);
        var transferred = await _engine.DownloadAsync(_server.Url("/done.bin"), _engine.Out("done.bin"));
        await _engine.WaitTransferredAsync(transferred.Id);
        var suspended = await _engine.Engine.CreateAsync(new BitsLite.Engine.Requests.TransferRequest { Suspended = true, Files = [new(_server.Url("/done.bin").AbsoluteUri, _engine.Out("later.bin"))] });

        await _engine.CloseAsync();
        await _engine.OpenAsync();

        Assert.Equal(TransferState.Transferred, _engine.Engine.Get(transferred.Id).State);
        Assert.Equal(TransferState.Suspended, _engine.Engine.Get(suspended.Id).State);
        await _engine.Engine.CompleteAsync(transferred.Id);
        Assert.Equal(new byte[] { 4, 5, 6 }, File.ReadAllBytes(_engine.Out("done.bin")));
        Assert.Single(_server.RequestsFor("/done.bin"));
    }

    private async Task<TransferState> StoredStateAsync(Guid id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_engine.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (TransferState)Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
