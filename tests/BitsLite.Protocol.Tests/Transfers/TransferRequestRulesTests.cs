using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Tests.Transfers;

/// <summary>
/// What makes a new job's request whole apart from its files (formerly the settings part of the engine's
/// TransferRequestValidator): its direction and what goes with it, and its settings.
/// </summary>
public class TransferRequestRulesTests
{
    private static readonly TransferFileSpec Download = new("https://example.test/a", "/tmp/a");
    private static readonly TransferFileSpec Upload = new("/tmp/a", "https://example.test/a");

    private static TransferException Refused(TransferRequest request, TransferErrorCode code = TransferErrorCode.InvalidArgument)
    {
        var ex = Assert.Throws<TransferException>(() => TransferRequestRules.Validate(request));
        Assert.Equal(code, ex.Code);
        return ex;
    }

    [Fact]
    public void ADownloadWithFiles_AndNoSettings_IsWhole()
    {
        TransferRequestRules.Validate(new TransferRequest { Files = [Download] });
        TransferRequestRules.Validate(new TransferRequest { Files = [Download, new("https://example.test/b", "/tmp/b")] });
    }

    [Fact]
    public void UndefinedTransferTypes_AreRefused() =>
        Assert.Contains("Transfer type 9 does not exist; use Download, Upload or UploadReply", Refused(new TransferRequest { TransferType = (TransferType)9, Files = [Download] }).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(TransferType.Upload)]
    [InlineData(TransferType.UploadReply)]
    public void AnUploadJob_SendsExactlyOneFile(TransferType type)
    {
        var replyFile = type == TransferType.UploadReply ? "/tmp/reply" : null;

        var two = Refused(new TransferRequest { TransferType = type, Files = [Upload, Upload], ReplyFile = replyFile });
        Refused(new TransferRequest { TransferType = type, Files = [], ReplyFile = replyFile, Suspended = true });
        TransferRequestRules.Validate(new TransferRequest { TransferType = type, Files = [Upload], ReplyFile = replyFile });

        Assert.Contains("sends exactly one file", two.Message, StringComparison.Ordinal);
        Assert.Contains("this request has 2", two.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUploadReplyJob_NeedsAReplyFile_AndNoOtherJobTakesOne()
    {
        Assert.Contains("needs a reply file", Refused(new TransferRequest { TransferType = TransferType.UploadReply, Files = [Upload] }).Message, StringComparison.Ordinal);
        Assert.Contains("A reply file is for UploadReply jobs only; this is an Upload job", Refused(new TransferRequest { TransferType = TransferType.Upload, Files = [Upload], ReplyFile = "/tmp/r" }).Message, StringComparison.Ordinal);
        Assert.Contains("this is a Download job", Refused(new TransferRequest { Files = [Download], ReplyFile = "/tmp/r" }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePutMethod_GoesWithPlainUploadsOnly()
    {
        TransferRequestRules.Validate(new TransferRequest { TransferType = TransferType.Upload, Files = [Upload], Options = new() { UploadMethod = UploadMethod.Put } });

        Assert.Contains("for Upload and UploadReply jobs only", Refused(new TransferRequest { Files = [Download], Options = new() { UploadMethod = UploadMethod.Put } }).Message, StringComparison.Ordinal);
        Assert.Contains("a plain PUT has no reply", Refused(new TransferRequest
        {
            TransferType = TransferType.UploadReply,
            Files = [Upload],
            ReplyFile = "/tmp/r",
            Options = new() { UploadMethod = UploadMethod.Put },
        }).Message, StringComparison.Ordinal);
        Assert.Contains("Upload method 7 does not exist", Refused(new TransferRequest { TransferType = TransferType.Upload, Files = [Upload], Options = new() { UploadMethod = (UploadMethod)7 } }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobWithoutFiles_MustBeCreatedSuspended()
    {
        var ex = Refused(new TransferRequest(), TransferErrorCode.EmptyJob);

        Assert.Contains("create it suspended and add files", ex.Message, StringComparison.Ordinal);
        TransferRequestRules.Validate(new TransferRequest { Suspended = true });
    }

    [Fact]
    public void TheSettings_AreCheckedWithTheOptionRules()
    {
        Assert.Contains("Foreground, High, Normal or Low", Refused(new TransferRequest { Files = [Download], Options = new() { Priority = (TransferPriority)7 } }).Message, StringComparison.Ordinal);
        Refused(new TransferRequest { Files = [Download], Options = new() { DisplayName = " " } });
        Refused(new TransferRequest { Files = [Download], Options = new() { CustomHeaders = ["NoColon"] } });
        Refused(new TransferRequest { Files = [Download], Options = new() { MaxBandwidth = -1 } });
    }

    [Fact]
    public void ZeroLimits_AreNoLimit_InANewJob()
    {
        // A new job takes 0 as "no limit", as a change does (it used to be refused on create).
        TransferRequestRules.Validate(new TransferRequest { Files = [Download], Options = new() { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero, RetryTimeout = TimeSpan.Zero } });
    }

    [Fact]
    public void TheHostsMinimumRetryInterval_IsApplied()
    {
        var request = new TransferRequest { Files = [Download], Options = new() { RetryInterval = TimeSpan.FromMilliseconds(100) } };

        TransferRequestRules.Validate(request, TimeSpan.FromMilliseconds(50));
        Assert.Contains("at least 5 s", Refused(request).Message, StringComparison.Ordinal);
    }
}
