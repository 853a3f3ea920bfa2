using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadCancelTests : UploadTestBase
{
    [Fact]
    public async Task CancellingAnUpload_SendsCancelSession_ForItsSession()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 1000, FromOffset = FragmentSize, Hold = hold });
        var (path, _) = LocalFile("abandoned.bin", 4 * FragmentSize);
        var job = await UploadAsync(path, "/abandoned.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        var cancelled = await Engine.CancelAsync(job.Id);
        hold.Abort();

        // Cancel-Session goes out in the background; closing the engine waits for it.
        await Harness.CloseAsync();
        await Harness.OpenAsync();
        Assert.Equal(TransferState.Cancelled, cancelled.State);
        var cancel = Assert.Single(Server.Packets("Cancel-Session"));
        Assert.Equal(Server.Packets("Fragment")[0].SessionId, cancel.SessionId);
        Assert.Equal(200, cancel.Status);
        Assert.Equal(0, Server.OpenSessions);
        Assert.Null(Server.Uploaded("/abandoned.bin"));
        Assert.Empty(Server.Packets("Close-Session"));
    }

    [Fact]
    public async Task CancellingAnUploadThatNeverOpenedASession_SendsNothing()
    {
        var (path, _) = LocalFile("never.bin", 1000);
        var job = await UploadAsync(path, "/never.bin", new TransferRequest { Suspended = true });

        await Engine.CancelAsync(job.Id);
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ASuspendedUpload_KeepsItsSession_AndResumesIt()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 0, FromOffset = 2 * FragmentSize, Hold = hold });
        var (path, content) = LocalFile("paused.bin", 4 * FragmentSize);
        var job = await UploadAsync(path, "/paused.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        var suspended = await Engine.SuspendAsync(job.Id);
        hold.Abort();
        Assert.Equal(2L * FragmentSize, suspended.BytesTransferred);
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Single(Server.Packets("Create-Session"));
        Assert.Empty(Server.Packets("Cancel-Session"));
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/paused.bin")!));
    }
}
