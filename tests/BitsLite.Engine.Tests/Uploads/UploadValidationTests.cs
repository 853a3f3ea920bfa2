using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadValidationTests : UploadTestBase
{
    private async Task<TransferException> RefusedAsync(TransferRequest request) =>
        await Assert.ThrowsAsync<TransferException>(() => Engine.CreateAsync(request));

    private static TransferRequest Upload(string source, string destination, TransferType type = TransferType.Upload) =>
        new() { TransferType = type, Suspended = true, Files = [new TransferFileSpec(source, destination)] };

    [Fact]
    public async Task AnUploadJob_SendsExactlyOneFile()
    {
        var (path, _) = LocalFile("one.bin", 10);
        var url = Server.Url("/one.bin").AbsoluteUri;

        var none = await RefusedAsync(new TransferRequest { TransferType = TransferType.Upload, Suspended = true });
        var two = await RefusedAsync(new TransferRequest { TransferType = TransferType.Upload, Files = [new(path, url), new(path, url + "2")] });

        Assert.Equal((TransferErrorCode.InvalidArgument, TransferErrorCode.InvalidArgument), (none.Code, two.Code));
        Assert.Contains("exactly one file", two.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSource_IsAnExistingLocalFile()
    {
        var url = Server.Url("/x.bin").AbsoluteUri;

        var remote = await RefusedAsync(Upload("https://example.test/a.bin", url));
        var missing = await RefusedAsync(Upload(Harness.Out("missing.bin"), url));
        var directory = await RefusedAsync(Upload(Harness.Directory.Path, url));
        var relative = await RefusedAsync(Upload("relative.bin", url));

        Assert.All([remote, missing, directory, relative], e => Assert.Equal(TransferErrorCode.InvalidSource, e.Code));
        Assert.Contains("is a URL", remote.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory", directory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileUrl_IsAcceptedAsTheSource_AndStoredAsAPath()
    {
        var (path, _) = LocalFile("byurl.bin", 10);

        var job = await Engine.CreateAsync(Upload(new Uri(path).AbsoluteUri, Server.Url("/byurl.bin").AbsoluteUri));

        Assert.Equal(path, job.Files[0].Source);
    }

    [Theory]
    [InlineData("ftp://example.test/a.bin")]
    [InlineData("/tmp/local/path.bin")]
    [InlineData("not a url")]
    public async Task TheDestination_IsAnHttpUrl(string destination)
    {
        var (path, _) = LocalFile("dest.bin", 10);

        var ex = await RefusedAsync(Upload(path, destination));

        Assert.Equal(TransferErrorCode.InvalidDestination, ex.Code);
        Assert.Contains("http(s) URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoLiveJobs_MayNotUploadToTheSameUrl()
    {
        var (path, _) = LocalFile("twice.bin", 10);
        await Engine.CreateAsync(Upload(path, Server.Url("/twice.bin").AbsoluteUri));

        var ex = await RefusedAsync(Upload(path, Server.Url("/twice.bin").AbsoluteUri));

        Assert.Equal(TransferErrorCode.DestinationConflict, ex.Code);
    }

    [Fact]
    public async Task AReplyFile_IsRequiredForUploadReply_AndRefusedForOthers()
    {
        var (path, _) = LocalFile("r.bin", 10);
        var url = Server.Url("/r.bin").AbsoluteUri;

        var without = await RefusedAsync(Upload(path, url, TransferType.UploadReply));
        var onUpload = await RefusedAsync(Upload(path, url) with { ReplyFile = Harness.Out("r.reply") });
        var onDownload = await RefusedAsync(new TransferRequest { ReplyFile = Harness.Out("r.reply"), Files = [new(url, Harness.Out("d.bin"))] });

        Assert.All([without, onUpload, onDownload], e => Assert.Equal(TransferErrorCode.InvalidArgument, e.Code));
        Assert.Contains("needs a reply file", without.Message, StringComparison.Ordinal);
        Assert.Contains("UploadReply jobs only", onUpload.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplyFile_IsAnAbsolutePathInAnExistingDirectory_NotTheUploadedFile_NorTakenByALiveJob()
    {
        var (path, _) = LocalFile("rf.bin", 10);
        var url = Server.Url("/rf.bin").AbsoluteUri;
        Server.Reply = b => b;
        TransferRequest WithReply(string reply, string remote = "/rf.bin") => Upload(path, Server.Url(remote).AbsoluteUri, TransferType.UploadReply) with { ReplyFile = reply };

        var missingDirectory = await RefusedAsync(WithReply(Path.Combine(Harness.Directory.Path, "no", "r.txt")));
        var relative = await RefusedAsync(WithReply("r.txt"));
        var itself = await RefusedAsync(WithReply(path));
        var created = await Engine.CreateAsync(WithReply(Harness.Out("taken.txt")));
        var taken = await RefusedAsync(WithReply(Harness.Out("taken.txt"), "/other.bin"));
        var downloadThere = await RefusedAsync(new TransferRequest { Files = [new(url, Harness.Out("taken.txt"))] });

        Assert.Equal(TransferErrorCode.InvalidDestination, missingDirectory.Code);
        Assert.Equal(TransferErrorCode.InvalidDestination, relative.Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, itself.Code);
        Assert.Equal((TransferErrorCode.DestinationConflict, TransferErrorCode.DestinationConflict), (taken.Code, downloadThere.Code));
        Assert.Equal(Harness.Out("taken.txt"), created.ReplyFile);
    }

    [Fact]
    public async Task Put_IsForUploadsOnly_AndNotForUploadReply()
    {
        var (path, _) = LocalFile("p.bin", 10);
        var url = Server.Url("/p.bin").AbsoluteUri;

        var download = await RefusedAsync(new TransferRequest { Files = [new(url, Harness.Out("p.out"))], Options = new() { UploadMethod = UploadMethod.Put } });
        var reply = await RefusedAsync(Upload(path, url, TransferType.UploadReply) with { ReplyFile = Harness.Out("p.reply"), Options = new() { UploadMethod = UploadMethod.Put } });
        var unknown = await RefusedAsync(Upload(path, url) with { Options = new() { UploadMethod = (UploadMethod)7 } });
        var type = await RefusedAsync(Upload(path, url, (TransferType)9));

        Assert.All([download, reply, unknown, type], e => Assert.Equal(TransferErrorCode.InvalidArgument, e.Code));
        Assert.Contains("no reply", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadJobs_TakeNoMoreFiles_AndDownloadsNoUploadMethod()
    {
        var (path, _) = LocalFile("more.bin", 10);
        var upload = await Engine.CreateAsync(Upload(path, Server.Url("/more.bin").AbsoluteUri));
        var reply = await Engine.CreateAsync(Upload(path, Server.Url("/more2.bin").AbsoluteUri, TransferType.UploadReply) with { ReplyFile = Harness.Out("more.reply") });
        var download = await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/d").AbsoluteUri, Harness.Out("d.out"))] });

        var added = await Assert.ThrowsAsync<TransferException>(() => Engine.AddFilesAsync(upload.Id, [new(path, Server.Url("/more3.bin").AbsoluteUri)]));
        var downloadPut = await Assert.ThrowsAsync<TransferException>(() => Engine.SetAsync(download.Id, new TransferOptionsPatch { UploadMethod = UploadMethod.Put }));
        var replyPut = await Assert.ThrowsAsync<TransferException>(() => Engine.SetAsync(reply.Id, new TransferOptionsPatch { UploadMethod = UploadMethod.Put }));
        var changed = await Engine.SetAsync(upload.Id, new TransferOptionsPatch { UploadMethod = UploadMethod.Put });

        Assert.All([added, downloadPut, replyPut], e => Assert.Equal(TransferErrorCode.InvalidArgument, e.Code));
        Assert.Contains("download jobs only", added.Message, StringComparison.Ordinal);
        Assert.Equal(UploadMethod.Put, changed.Options.UploadMethod);
    }

    [Fact]
    public async Task UploadSettings_SurviveARestart()
    {
        var (path, _) = LocalFile("kept.bin", 10);
        var put = await Engine.CreateAsync(Upload(path, Server.Url("/kept.bin").AbsoluteUri) with { Options = new() { UploadMethod = UploadMethod.Put } });
        var reply = await Engine.CreateAsync(Upload(path, Server.Url("/kept2.bin").AbsoluteUri, TransferType.UploadReply) with { ReplyFile = Harness.Out("kept.reply") });

        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Equal((TransferType.Upload, UploadMethod.Put), (Engine.Get(put.Id).TransferType, Engine.Get(put.Id).Options.UploadMethod));
        Assert.Equal((TransferType.UploadReply, Harness.Out("kept.reply"), -1L), (Engine.Get(reply.Id).TransferType, Engine.Get(reply.Id).ReplyFile, Engine.Get(reply.Id).ReplyBytesTotal));
        var conflict = await RefusedAsync(new TransferRequest { Files = [new(Server.Url("/x").AbsoluteUri, Harness.Out("kept.reply"))] });
        Assert.Equal(TransferErrorCode.DestinationConflict, conflict.Code);
    }
}
