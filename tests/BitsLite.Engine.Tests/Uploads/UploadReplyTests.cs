using System.Security.Cryptography;
using System.Text;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadReplyTests : UploadTestBase
{
    private static byte[] Receipt(byte[] upload) => Encoding.UTF8.GetBytes("received " + Convert.ToHexString(SHA256.HashData(upload)));

    private Task<TransferInfo> UploadReplyAsync(string path, string remotePath, string replyFile, TimeSpan? retryInterval = null) =>
        UploadAsync(path, remotePath, new TransferRequest { TransferType = TransferType.UploadReply, ReplyFile = replyFile, Options = new() { RetryInterval = retryInterval } });

    [Fact]
    public async Task TheReply_IsFetchedBeforeCloseSession_AndAppearsOnlyOnComplete()
    {
        Server.Reply = Receipt;
        var (path, content) = LocalFile("form.bin", 200_000);
        var replyFile = Harness.Out("receipt.txt");

        var job = await UploadReplyAsync(path, "/forms/form.bin", replyFile);
        var transferred = await Harness.WaitTransferredAsync(job.Id);

        Assert.False(File.Exists(replyFile));
        Assert.Equal(Receipt(content).Length, transferred.ReplyBytesTotal);
        Assert.Equal(transferred.ReplyBytesTotal, transferred.ReplyBytesTransferred);
        var order = Server.Requests.Select(r => r.Method == "GET" ? "GET" : r.Packet).ToList();
        Assert.Equal(["GET", "Close-Session"], order.TakeLast(2));

        var completed = await Engine.CompleteAsync(job.Id);

        Assert.Equal(Receipt(content), File.ReadAllBytes(replyFile));
        Assert.Equal(replyFile, completed.ReplyFile);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/forms/form.bin")!));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task TheReply_SurvivesAnEngineRestart_BetweenTransferredAndComplete()
    {
        Server.Reply = Receipt;
        var (path, content) = LocalFile("kept.bin", 70_000);
        var replyFile = Harness.Out("kept.reply");
        var job = await UploadReplyAsync(path, "/kept.bin", replyFile);
        await Harness.WaitTransferredAsync(job.Id);

        await Harness.CloseAsync();
        await Harness.OpenAsync();
        var reopened = Engine.Get(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal((TransferState.Transferred, replyFile), (reopened.State, reopened.ReplyFile));
        Assert.Equal(Receipt(content).Length, reopened.ReplyBytesTotal);
        Assert.Equal(Receipt(content), File.ReadAllBytes(replyFile));
    }

    [Fact]
    public async Task AServerThatGivesNoReplyUrl_PutsAnUploadReplyJobInError()
    {
        var (path, _) = LocalFile("noreply.bin", 1000);

        var job = await UploadReplyAsync(path, "/noreply.bin", Harness.Out("noreply.txt"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(TransferErrorContext.RemoteApplication, failed.Error!.Context);
        Assert.Contains("BITS-Reply-URL", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingAnUploadReplyJob_DeletesItsReplyAndEndsItsSession()
    {
        Server.Reply = Receipt;
        Server.Inject(new UploadFault { Packet = "Close-Session", Status = 503 });
        var (path, _) = LocalFile("cancelled.bin", 50_000);
        var replyFile = Harness.Out("cancelled.reply");

        // The reply is in, Close-Session failed (503), and the retry is an hour away.
        var job = await UploadReplyAsync(path, "/cancelled.bin", replyFile, TimeSpan.FromHours(1));
        await Harness.WaitForAsync(job.Id, TransferState.TransientError);
        Assert.Single(Directory.GetFiles(Harness.Directory.Path, ".cancelled.reply*bitslite-part"));

        await Engine.CancelAsync(job.Id);
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
        Assert.False(File.Exists(replyFile));
        Assert.Single(Server.Packets("Cancel-Session"));
        Assert.Equal(0, Server.OpenSessions);
    }
}
