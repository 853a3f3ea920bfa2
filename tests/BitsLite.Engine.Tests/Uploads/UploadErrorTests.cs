using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadErrorTests : UploadTestBase
{
    [Theory]
    [InlineData(300, false)]
    [InlineData(305, false)]
    [InlineData(306, true)]
    [InlineData(307, false)]
    [InlineData(308, true)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    [InlineData(503, true)]
    [InlineData(505, false)]
    [InlineData(599, true)]
    public void StatusCodes_AreTransientOrFatal_AsMicrosoftDocumentsForUploads(int status, bool transient) =>
        Assert.Equal(transient, BitsFailures.IsTransient(status));

    [Theory]
    [InlineData("213", 213L)]
    [InlineData(" 0 ", 0L)]
    [InlineData("0-212", 213L)]
    [InlineData("bytes 0-99", 100L)]
    [InlineData("", null)]
    [InlineData("x", null)]
    public void TheReceivedRange_IsReadAsTheNextOffset(string value, long? next) =>
        Assert.Equal(next, BitsAck.ParseNextOffset(value));

    [Theory]
    [InlineData("0x8020001F", 0x8020001FU)]
    [InlineData("8020001f", 0x8020001FU)]
    [InlineData("-2145386465", 0x8020001FU)]
    [InlineData("0x5", 5U)]
    [InlineData("nope", null)]
    public void ErrorCodes_AreReadAsHexadecimal(string value, uint? code) =>
        Assert.Equal(code, BitsAck.ParseHex(value));

    [Fact]
    public async Task A403ToCreateSession_IsFatal_AndSaysUploadsAreNotAllowed()
    {
        Server.Inject(new UploadFault { Packet = "Create-Session", Status = 403, ErrorCode = 0x80070005, ErrorContext = 5 });
        var (path, _) = LocalFile("forbidden.bin", 1000);

        var job = await UploadAsync(path, "/forbidden.bin");
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal((403, TransferErrorContext.RemoteFile, false), (failed.Error!.HttpStatus, failed.Error.Context, failed.Error.IsTransient));
        Assert.Contains("does not allow uploads", failed.Error.Description, StringComparison.Ordinal);
        Assert.Contains("BITS-Error-Code 0x80070005, context 0x5", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A409ToCreateSession_IsFatal_TheFileMayNotBeOverwritten()
    {
        Server.Inject(new UploadFault { Packet = "Create-Session", Status = 409 });
        var (path, _) = LocalFile("exists.bin", 1000);

        var job = await UploadAsync(path, "/exists.bin");
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(409, failed.Error!.HttpStatus);
        Assert.Contains("may not be overwritten", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerApplicationError_IsTransient_WithTheRemoteApplicationContext()
    {
        Server.Inject(new UploadFault { Packet = "Fragment", Status = 500, ErrorCode = 0x80004005, ErrorContext = 7, FromOffset = FragmentSize });
        var (path, content) = LocalFile("app.bin", 2 * FragmentSize);
        var job = await UploadAsync(path, "/app.bin");

        var transient = await Harness.WaitForAsync(job.Id, TransferState.TransientError);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal((500, TransferErrorContext.RemoteApplication, true), (transient.Error!.HttpStatus, transient.Error.Context, transient.Error.IsTransient));
        Assert.Contains("0x80004005", transient.Error.Description, StringComparison.Ordinal);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/app.bin")!));
    }

    [Fact]
    public async Task A4xxToAFragment_IsFatal()
    {
        Server.Inject(new UploadFault { Packet = "Fragment", Status = 400, ErrorCode = 0x80070057 });
        var (path, _) = LocalFile("bad.bin", 1000);

        var job = await UploadAsync(path, "/bad.bin");
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal((400, false), (failed.Error!.HttpStatus, failed.Error.IsTransient));
        Assert.Contains("to Fragment", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetryAfter_IsHonoured_ForATransientAck()
    {
        Server.Inject(new UploadFault { Packet = "Create-Session", Status = 503, RetryAfterSeconds = 3600 });
        var (path, _) = LocalFile("later.bin", 1000);

        var job = await UploadAsync(path, "/later.bin");
        var waiting = await Harness.WaitForAsync(job.Id, TransferState.TransientError);

        Assert.Equal(503, waiting.Error!.HttpStatus);
        Assert.Single(Server.Packets("Create-Session"));
    }

    [Fact]
    public async Task CloseSession_IsRetriedOn5xx_AndTheUploadCompletes()
    {
        Server.Inject(new UploadFault { Packet = "Close-Session", Status = 503 });
        var (path, content) = LocalFile("closing.bin", 100_000);

        await UploadAndCompleteAsync(path, "/closing.bin");

        Assert.Equal([503, 200], Server.Packets("Close-Session").Select(r => r.Status));
        Assert.Single(Server.Packets("Create-Session"));
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/closing.bin")!));
    }

    [Fact]
    public async Task ACloseSessionWhoseAnswerWasLost_IsNotAnError_WhenTheServerHasClosedIt()
    {
        Server.Inject(new UploadFault { Packet = "Close-Session", Kind = UploadFaultKind.DropAnswer });
        var (path, content) = LocalFile("closed.bin", 100_000);

        await UploadAndCompleteAsync(path, "/closed.bin");

        Assert.Equal([0, 400], Server.Packets("Close-Session").Select(r => r.Status));
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/closed.bin")!));
    }
}
