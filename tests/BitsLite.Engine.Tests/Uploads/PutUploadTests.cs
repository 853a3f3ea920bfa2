using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class PutUploadTests : UploadTestBase
{
    private static readonly TransferRequest Put = new() { Options = new() { UploadMethod = UploadMethod.Put } };

    [Fact]
    public async Task APut_SendsTheWholeFileInOneRequest()
    {
        var (path, content) = LocalFile("plain.bin", 500_000);

        var done = await UploadAndCompleteAsync(path, "/plain.bin", Put with { Options = Put.Options with { CustomHeaders = ["Content-Type: application/x-test"] } });

        Assert.Equal(UploadMethod.Put, done.Options.UploadMethod);
        var put = Assert.Single(Server.Requests);
        Assert.Equal(("PUT", 500_000L, 201), (put.Method, put.ContentLength!.Value, put.Status));
        Assert.Equal("application/x-test", put.Headers["Content-Type"]);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/plain.bin")!));
    }

    [Fact]
    public async Task AnInterruptedPut_StartsAgainFromTheFirstByte()
    {
        Server.Inject(new UploadFault { Packet = "PUT", Kind = UploadFaultKind.DropAfterBytes, Bytes = 200_000 });
        var (path, content) = LocalFile("again.bin", 500_000);

        await UploadAndCompleteAsync(path, "/again.bin", Put);

        Assert.Equal([(0, 500_000L), (201, 500_000L)], Server.Requests.Select(r => (r.Status, r.ContentLength!.Value)));
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/again.bin")!));
    }

    [Fact]
    public async Task APutRefusedWith4xx_IsFatal_And5xxTransient()
    {
        Server.Inject(new UploadFault { Packet = "PUT", Status = 503 });
        Server.Inject(new UploadFault { Packet = "PUT", Status = 403 });
        var (path, _) = LocalFile("refused.bin", 1000);

        var job = await UploadAsync(path, "/refused.bin", Put);
        var transient = await Harness.WaitForAsync(job.Id, TransferState.TransientError);
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal((503, true), (transient.Error!.HttpStatus, transient.Error.IsTransient));
        Assert.Equal((403, false), (failed.Error!.HttpStatus, failed.Error.IsTransient));
        Assert.Equal(0, failed.BytesTransferred);
    }

    [Fact]
    public async Task SwitchingAnUploadFromBitsToPut_CancelsItsSession_AndSendsTheWholeFile()
    {
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "Fragment", Kind = UploadFaultKind.Hold, Bytes = 0, FromOffset = FragmentSize, Hold = hold });
        var (path, content) = LocalFile("switch.bin", 3 * FragmentSize);
        var job = await UploadAsync(path, "/switch.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);

        await Engine.SuspendAsync(job.Id);
        hold.Abort();
        var changed = await Engine.SetAsync(job.Id, new TransferOptionsPatch { UploadMethod = UploadMethod.Put });
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Equal(UploadMethod.Put, changed.Options.UploadMethod);
        Assert.Single(Server.Packets("Cancel-Session"));
        Assert.Equal(3L * FragmentSize, Server.Requests.Single(r => r.Method == "PUT").ContentLength);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/switch.bin")!));
    }
}
