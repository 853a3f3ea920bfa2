using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadResumeTests : UploadTestBase
{
    private const int Size = 8 * FragmentSize;

    [Fact]
    public async Task AConnectionDroppedMidFragment_ResumesFromTheServersReceivedRange()
    {
        // The server keeps the 10,000 bytes of the third fragment it got before the connection broke.
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.DropAfterBytes, Bytes = 10_000, FromOffset = 2 * FragmentSize });
        var (path, content) = LocalFile("dropped.bin", Size);

        var job = await UploadAsync(path, "/dropped.bin");
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/dropped.bin")!));
        Assert.Single(Server.Packets("Create-Session"));
        var fragments = Server.Packets("Fragment");
        var dropped = fragments.Single(f => f.Status == 0);
        var (probe, next) = (fragments[fragments.IndexOf(dropped) + 1], fragments[fragments.IndexOf(dropped) + 2]);

        // Asked with the last acknowledged byte (a pure overlap), the server said it has 10,000 bytes more: sent from there.
        Assert.Equal($"bytes {(2 * FragmentSize) - 1}-{(2 * FragmentSize) - 1}/{Size}", probe.ContentRange);
        Assert.Equal((2 * FragmentSize) + 10_000, next.RangeStart);
    }

    [Fact]
    public async Task AnAckThatNeverArrived_IsNotPaidForTwice_TheServerIsAheadOfTheCheckpoint()
    {
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.DropAnswer, FromOffset = 3 * FragmentSize });
        var (path, content) = LocalFile("ahead.bin", Size);

        await UploadAndCompleteAsync(path, "/ahead.bin");

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/ahead.bin")!));
        var starts = Server.Packets("Fragment").Where(f => f.ContentLength > 1).Select(f => f.RangeStart).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i * FragmentSize), starts);
    }

    [Fact]
    public async Task AServerThatLostBytes_AnswersAGap_AndIsSentThemAgain()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 0, FromOffset = 5 * FragmentSize, Hold = hold });
        var (path, content) = LocalFile("behind.bin", Size);
        var job = await UploadAsync(path, "/behind.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        Server.Truncate(FragmentSize + 7);
        hold.Abort();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/behind.bin")!));
        var fragments = Server.Packets("Fragment");
        var gap = Assert.Single(fragments, f => f.Status == 416);
        Assert.Equal(1, gap.ContentLength);
        Assert.Equal(FragmentSize + 7, fragments[fragments.IndexOf(gap) + 1].RangeStart);
    }

    [Fact]
    public async Task AGapAnsweredWithoutARange_IsSettledBySendingFromTheStart()
    {
        Server.OmitRangeOnGap = true;
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 0, FromOffset = 4 * FragmentSize, Hold = hold });
        var (path, content) = LocalFile("norange.bin", Size);
        var job = await UploadAsync(path, "/norange.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        Server.Truncate(FragmentSize);
        hold.Abort();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/norange.bin")!));
        var fragments = Server.Packets("Fragment");
        var gap = Assert.Single(fragments, f => f.Status == 416);
        Assert.Equal(0, fragments[fragments.IndexOf(gap) + 1].RangeStart);
        Assert.Equal(FragmentSize, fragments[fragments.IndexOf(gap) + 2].RangeStart);
    }

    [Fact]
    public async Task ASessionTheServerForgot_IsReplacedByANewOne_FromByteZero()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 1000, FromOffset = 4 * FragmentSize, Hold = hold });
        var (path, content) = LocalFile("forgotten.bin", Size);
        var job = await UploadAsync(path, "/forgotten.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        Server.ForgetSessions();
        hold.Abort();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/forgotten.bin")!));
        Assert.Equal(2, Server.Packets("Create-Session").Count);
        var fragments = Server.Packets("Fragment");
        var lost = Assert.Single(fragments, f => f.Status == 400);
        Assert.Equal(0, fragments[fragments.IndexOf(lost) + 1].RangeStart);
        Assert.NotEqual(lost.SessionId, fragments[fragments.IndexOf(lost) + 1].SessionId);
    }

    [Fact]
    public async Task A503_IsATransientError_ThatIsRetried()
    {
        Server.Inject(new UploadFault { Packet = "Fragment", Status = 503, FromOffset = FragmentSize });
        var (path, content) = LocalFile("busy.bin", 3 * FragmentSize);
        var job = await UploadAsync(path, "/busy.bin");

        var transient = await Harness.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Transferred);
        Assert.Equal(TransferState.TransientError, transient.State);
        Assert.Equal(503, transient.Error!.HttpStatus);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/busy.bin")!));
        Assert.Single(Server.Packets("Create-Session"));
    }

    [Fact]
    public async Task AnEngineStoppedMidUpload_ResumesTheSameSession_WhenItIsOpenedAgain()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 5000, FromOffset = 3 * FragmentSize, Hold = hold });
        var (path, content) = LocalFile("restart.bin", Size);
        var job = await UploadAsync(path, "/restart.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);
        var session = Server.Packets("Create-Session").Single();

        await Harness.CloseAsync();
        hold.Abort();
        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/restart.bin")!));
        Assert.Single(Server.Packets("Create-Session"));
        var fragments = Server.Packets("Fragment");
        Assert.Single(fragments.Select(f => f.SessionId).Distinct());
        var probe = fragments.First(f => f.ContentLength == 1);
        Assert.Equal((3 * FragmentSize) - 1, probe.RangeStart);
        Assert.Equal((3 * FragmentSize) + 5000, fragments[fragments.IndexOf(probe) + 1].RangeStart);
        Assert.NotNull(session);
    }

    [Fact]
    public async Task AFileChangedDuringTheUpload_PutsTheJobInError()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 100, FromOffset = 2 * FragmentSize, Hold = hold });
        var (path, _) = LocalFile("changing.bin", Size);
        var job = await UploadAsync(path, "/changing.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        await File.AppendAllTextAsync(path, "more");
        hold.Release();
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(TransferErrorContext.LocalFile, failed.Error!.Context);
        Assert.Contains("changed while it was being uploaded", failed.Error.Description, StringComparison.Ordinal);
        Assert.False(failed.Error.IsTransient);
        Assert.Null(Server.Uploaded("/changing.bin"));
    }
}
