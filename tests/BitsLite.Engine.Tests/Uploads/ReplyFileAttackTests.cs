using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.UploadServing;
using Xunit.Abstractions;

namespace BitsLite.Engine.Tests.Uploads;

/// <summary>
/// Another user ('nobody') who can write the directory of an UploadReply job's reply file plants a link where the
/// reply waits, to make the engine write a file only root may write, or move the link into the reply's place. Needs
/// root, to switch users; elsewhere each test returns at once, saying why.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReplyFileAttackTests(ITestOutputHelper output) : UploadTestBase
{
    [Fact]
    public async Task AReplysTemporaryFileSwappedForALink_IsNotWrittenWhenTheReplyIsFetchedAgain()
    {
        if (SharedDirectory.TryCreate(Harness.Directory.Path, output.WriteLine) is not { } shared)
        {
            return;
        }

        var reply = EngineHarness.RandomBytes(300_000);
        Server.Reply = _ => reply;
        var hold = new UploadHold();
        Server.Inject(new UploadFault { Packet = "GET", Kind = UploadFaultKind.Hold, Bytes = 100_000, Hold = hold });
        var job = await UploadReplyAsync(shared, "order.bin");
        await hold.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.ReplyBytesTransferred == 100_000, "reply bytes at the hold");

        await shared.PlantLinkAsync(Assert.Single(shared.Entries(".receipt.bin.*bitslite-part")));
        hold.Abort(); // the reply is fetched again, whole
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Equal(reply, File.ReadAllBytes(shared.File("receipt.bin")));
    }

    [Fact]
    public async Task AReplysTemporaryFileSwappedForALinkBeforeComplete_IsNotMoved()
    {
        if (SharedDirectory.TryCreate(Harness.Directory.Path, output.WriteLine) is not { } shared)
        {
            return;
        }

        Server.Reply = _ => EngineHarness.RandomBytes(1_000);
        var job = await UploadReplyAsync(shared, "form.bin");
        await Harness.WaitTransferredAsync(job.Id);
        await shared.PlantLinkAsync(Assert.Single(shared.Entries(".receipt.bin.*bitslite-part")));

        var refused = await Assert.ThrowsAsync<TransferException>(() => Engine.CompleteAsync(job.Id));

        Assert.Equal(TransferErrorCode.LocalFileFailure, refused.Code);
        Assert.Contains("is a symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Empty(shared.Entries("receipt.bin"));
        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
    }

    private Task<TransferInfo> UploadReplyAsync(SharedDirectory shared, string name)
    {
        var (path, _) = LocalFile(name, 50_000);
        return UploadAsync(path, "/" + name, new TransferRequest { TransferType = TransferType.UploadReply, ReplyFile = shared.File("receipt.bin") });
    }
}
