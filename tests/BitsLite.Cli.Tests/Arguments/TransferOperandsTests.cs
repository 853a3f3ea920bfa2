using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Arguments;

public sealed class TransferOperandsTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private IReadOnlyList<BitsLite.Protocol.Transfers.TransferFileSpec> Build(params string[] operands) =>
        TransferOperands.Files(operands, _directory.Path);

    private CliException Refused(params string[] operands)
    {
        var error = Assert.Throws<CliException>(() => Build(operands));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        return error;
    }

    [Fact]
    public void OneUrl_ToAFilePath_RelativeToTheCurrentDirectory()
    {
        var file = Assert.Single(Build("https://example.com/a.iso", "out.iso"));
        Assert.Equal("https://example.com/a.iso", file.Source);
        Assert.Equal(_directory.File("out.iso"), file.Destination);
    }

    [Fact]
    public void OneUrlIntoAnExistingDirectory_TakesTheNameFromTheUrl()
    {
        var target = _directory.CreateDirectory("downloads");
        var file = Assert.Single(Build("https://example.com/pub/a.iso", "downloads"));
        Assert.Equal(Path.Combine(target, "a.iso"), file.Destination);
    }

    [Fact]
    public void SeveralSources_GoIntoTheDirectory_InOrder()
    {
        var local = _directory.CreateFile("src/local.bin");
        var target = _directory.CreateDirectory("out");
        var files = Build("https://example.com/a.iso", "src/local.bin", "file:///srv/share/b.txt", target);
        Assert.Equal(["https://example.com/a.iso", local, "file:///srv/share/b.txt"], files.Select(f => f.Source));
        Assert.Equal([Path.Combine(target, "a.iso"), Path.Combine(target, "local.bin"), Path.Combine(target, "b.txt")], files.Select(f => f.Destination));
    }

    [Theory]
    [InlineData("https://example.com/dir/file.iso?token=a/b&x=1", "file.iso")]
    [InlineData("https://example.com/download.php?file=x.zip", "download.php")]
    [InlineData("https://example.com/a%20b%2Bc.txt", "a b+c.txt")]
    [InlineData("https://example.com/%E2%82%AC.txt#part", "€.txt")]
    [InlineData("https://example.com/a/b/../c.txt", "c.txt")]
    public void Names_ComeFromTheUrlPath_DecodedWithoutQueryOrFragment(string url, string name)
    {
        var target = _directory.CreateDirectory("out");
        var file = Assert.Single(Build(url, target));
        Assert.Equal(Path.Combine(target, name), file.Destination);
    }

    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com")]
    [InlineData("https://example.com/dir/")]
    [InlineData("https://example.com/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("https://example.com/%2E%2E")]
    [InlineData("https://example.com/a%5C..%5Cb")]
    [InlineData("https://example.com/a%00b")]
    public void NamesThatAreEmptyOrWouldEscapeTheDirectory_AreRefused(string url)
    {
        var target = _directory.CreateDirectory("out");
        var error = Refused(url, target);
        Assert.Contains("Cannot take a file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUrlWithoutAName_MayStillGoToAnExplicitFilePath()
    {
        var file = Assert.Single(Build("https://example.com/", "index.html"));
        Assert.Equal(_directory.File("index.html"), file.Destination);
    }

    [Fact]
    public void SeveralSources_NeedAnExistingDirectory()
    {
        var error = Refused("https://example.com/a", "https://example.com/b", "nowhere");
        Assert.Contains("must be an existing directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDestinationDirectory_MustExist()
    {
        Assert.Contains("does not exist", Refused("https://example.com/a", "missing/a.iso").Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Refused("https://example.com/a", "missing/").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/a", "scheme 'ftp' is not supported")]
    [InlineData("https:///a", "is not a valid URL")]
    [InlineData("http:// x", "is not a valid URL")]
    [InlineData("missing.bin", "no local file")]
    [InlineData("", "A source is empty")]
    public void BadSources_AreRefused(string source, string message)
    {
        Assert.Contains(message, Refused(source, "out.bin").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocalDirectory_IsNotASource()
    {
        _directory.CreateDirectory("dir");
        Assert.Contains("is a directory", Refused("dir", "out.bin").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSourcesWithTheSameName_AreRefused()
    {
        var target = _directory.CreateDirectory("out");
        var error = Refused("https://a.example/x.iso", "https://b.example/x.iso", target);
        Assert.Contains("both be saved as", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FewerThanTwoOperands_IsAUsageError() => Refused("https://example.com/a");
}
