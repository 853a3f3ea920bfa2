using BitsLite.Client.Requests;
using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.PowerShell.Tests.Requests;

/// <summary>Start-Transfer's upload parameters: -Source is the local file, -Destination the URL, -ReplyFileName and -UploadMethod.</summary>
public sealed class UploadRequestTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string LocalFile(string name)
    {
        File.WriteAllText(_directory.File(name), "x");
        return _directory.File(name);
    }

    private static TransferRequest Request(TransferType type) =>
        TransferRequestMapper.ToRequest([new("/tmp/a.bin", "https://example.com/in/a.bin")], new JobOptionValues(), type, suspended: false);

    [Fact]
    public void AnUpload_PairsOneLocalFile_WithOneUrl()
    {
        LocalFile("a.bin");

        var file = UploadFiles.Pair(["a.bin"], ["https://example.com/in/a.bin"], _directory.Path);

        Assert.Equal((_directory.File("a.bin"), "https://example.com/in/a.bin"), (file.Source, file.Destination));
    }

    [Theory]
    [InlineData("two sources", "exactly one local file")]
    [InlineData("no destination", "exactly one destination")]
    [InlineData("url as source", "is a URL")]
    [InlineData("path as destination", "is not one")]
    [InlineData("missing file", "does not exist")]
    public void UploadMistakes_AreInvalidArguments(string mistake, string message)
    {
        var a = LocalFile("a.bin");
        var b = LocalFile("b.bin");
        var ex = Assert.Throws<TransferException>(() => mistake switch
        {
            "two sources" => UploadFiles.Pair([a, b], ["https://example.com/x"], _directory.Path),
            "no destination" => UploadFiles.Pair([a], null, _directory.Path),
            "url as source" => UploadFiles.Pair(["https://example.com/a.bin"], ["https://example.com/x"], _directory.Path),
            "path as destination" => UploadFiles.Pair([a], [_directory.File("out.bin")], _directory.Path),
            _ => UploadFiles.Pair(["nothing.bin"], ["https://example.com/x"], _directory.Path),
        });

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReplyFile_IsMadeAbsolute_InADirectoryThatExists()
    {
        Assert.Equal(_directory.File("r.xml"), UploadFiles.ReplyFile("r.xml", _directory.Path));
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => UploadFiles.ReplyFile("no/such/r.xml", _directory.Path)).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => UploadFiles.ReplyFile(_directory.Path, _directory.Path)).Code);
    }

    [Fact]
    public void WithUpload_SetsTheReplyFileAndTheMethod()
    {
        var reply = TransferRequestMapper.WithUpload(Request(TransferType.UploadReply), "/tmp/r.xml", null);
        var put = TransferRequestMapper.WithUpload(Request(TransferType.Upload), null, UploadMethod.Put);
        var plain = TransferRequestMapper.WithUpload(Request(TransferType.Download), null, null);

        Assert.Equal(("/tmp/r.xml", UploadMethod.Bits), (reply.ReplyFile, reply.UploadMethod));
        Assert.Equal((null, UploadMethod.Put), (put.ReplyFile, put.UploadMethod));
        Assert.Equal((null, UploadMethod.Bits), (plain.ReplyFile, plain.UploadMethod));
    }

    [Fact]
    public void StartTransfer_TakesTheMethodFromTheSharedValues_ThroughWithUpload()
    {
        var values = new JobOptionValues { UploadMethod = UploadMethod.Put };
        var files = new TransferFileSpec[] { new("/tmp/a.bin", "https://example.com/in/a.bin") };

        // ToRequest leaves the method alone: only WithUpload knows the transfer type it must fit.
        var request = TransferRequestMapper.ToRequest(files, values, TransferType.Upload, suspended: false);
        Assert.Equal(UploadMethod.Bits, request.UploadMethod);
        Assert.Equal(UploadMethod.Put, TransferRequestMapper.WithUpload(request, null, values.UploadMethod).UploadMethod);
    }

    [Theory]
    [InlineData(TransferType.Upload, "/tmp/r.xml", null, "-ReplyFileName goes with -TransferType UploadReply")]
    [InlineData(TransferType.Download, "/tmp/r.xml", null, "-ReplyFileName goes with -TransferType UploadReply")]
    [InlineData(TransferType.UploadReply, null, null, "needs -ReplyFileName")]
    [InlineData(TransferType.Download, null, UploadMethod.Bits, "-UploadMethod goes with")]
    [InlineData(TransferType.UploadReply, "/tmp/r.xml", UploadMethod.Put, "no reply")]
    public void WithUpload_RefusesParametersThatDoNotGoTogether(TransferType type, string? replyFile, UploadMethod? method, string message)
    {
        var ex = Assert.Throws<TransferException>(() => TransferRequestMapper.WithUpload(Request(type), replyFile, method));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
