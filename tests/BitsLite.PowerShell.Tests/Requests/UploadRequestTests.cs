using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.PowerShell.Tests.Requests;

/// <summary>
/// Start-Transfer's upload parameters: -Source is the local file, -Destination the URL, -ReplyFileName and -UploadMethod.
/// The cmdlet sends them as they are (-UploadMethod in the request's options); what goes together is the rule of every
/// front end and of the host (<see cref="TransferRequestRules"/>), which the cmdlet applies before it sends the request.
/// </summary>
public sealed class UploadRequestTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string LocalFile(string name)
    {
        File.WriteAllText(_directory.File(name), "x");
        return _directory.File(name);
    }

    /// <summary>What Start-Transfer sends for these parameters.</summary>
    private static TransferRequest Request(TransferType type, string? replyFile = null, UploadMethod? method = null) => new()
    {
        TransferType = type,
        Files = [type == TransferType.Download ? new("https://example.com/in/a.bin", "/tmp/a.bin") : new("/tmp/a.bin", "https://example.com/in/a.bin")],
        ReplyFile = replyFile,
        Options = new() { UploadMethod = method, Priority = TransferPriority.Foreground },
    };

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
    public void TheReplyFileAndTheMethod_GoTogetherWithTheirTypes()
    {
        TransferRequestRules.Validate(Request(TransferType.UploadReply, "/tmp/r.xml"));
        TransferRequestRules.Validate(Request(TransferType.UploadReply, "/tmp/r.xml", UploadMethod.Bits));
        TransferRequestRules.Validate(Request(TransferType.Upload, method: UploadMethod.Put));
        TransferRequestRules.Validate(Request(TransferType.Download));

        // Bits is the only method of a download, so naming it is no mistake (it used to be refused).
        TransferRequestRules.Validate(Request(TransferType.Download, method: UploadMethod.Bits));
    }

    [Fact]
    public void TheMethod_IsTheRequestsOption_AppliedOverTheHostsDefault()
    {
        Assert.Equal(UploadMethod.Put, Request(TransferType.Upload, method: UploadMethod.Put).Options.ApplyTo(new()).UploadMethod);
        Assert.Equal(UploadMethod.Bits, Request(TransferType.Upload).Options.ApplyTo(new()).UploadMethod);
    }

    [Theory]
    [InlineData(TransferType.Upload, "/tmp/r.xml", null, "A reply file is for UploadReply jobs only; this is an Upload job.")]
    [InlineData(TransferType.Download, "/tmp/r.xml", null, "A reply file is for UploadReply jobs only; this is a Download job.")]
    [InlineData(TransferType.UploadReply, null, null, "An UploadReply job needs a reply file")]
    [InlineData(TransferType.Download, null, UploadMethod.Put, "An upload method is for Upload and UploadReply jobs only.")]
    [InlineData(TransferType.UploadReply, "/tmp/r.xml", UploadMethod.Put, "a plain PUT has no reply to fetch")]
    public void ParametersThatDoNotGoTogether_AreRefusedBeforeTheRequestIsSent(TransferType type, string? replyFile, UploadMethod? method, string message)
    {
        var ex = Assert.Throws<TransferException>(() => TransferRequestRules.Validate(Request(type, replyFile, method)));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
