using BitsLite.Testing;
using BitsLite.Engine.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Requests;

public class TransferFileValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferException Refused(string source, string destination) =>
        Assert.Throws<TransferException>(() => TransferFileValidator.ValidateFiles([new TransferFileSpec(source, destination)], _ => false));

    [Theory]
    [InlineData("ftp://example.test/file")]
    [InlineData("relative/path.bin")]
    [InlineData("mailto:someone@example.test")]
    [InlineData("")]
    [InlineData("http:///nohost")]
    public void UnsupportedSources_AreRefusedWithWhatIsAccepted(string source)
    {
        var ex = Refused(source, _dir.File("out.bin"));
        Assert.Equal(TransferErrorCode.InvalidSource, ex.Code);
        Assert.Contains("http(s) URL, a file:// URL or an absolute local path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportedSources_AreNormalised()
    {
        var local = _dir.File("in.bin");
        var result = TransferFileValidator.ValidateFiles(
        [
            new TransferFileSpec("https://example.test/a?x=1", _dir.File("a")),
            new TransferFileSpec(new Uri(local).AbsoluteUri, _dir.File("b")),
            new TransferFileSpec(local, _dir.File("c")),
        ], _ => false);
        Assert.Equal(["https://example.test/a?x=1", local, local], result.Select(f => f.Source));
    }

    [Fact]
    public void Destination_MustBeAbsolute_InAnExistingDirectory_AndNotADirectory()
    {
        Assert.Equal(TransferErrorCode.InvalidDestination, Refused("http://example.test/a", "out.bin").Code);
        Assert.Equal(TransferErrorCode.InvalidDestination, Refused("http://example.test/a", Path.Combine(_dir.Path, "missing", "out.bin")).Code);
        Assert.Equal(TransferErrorCode.InvalidDestination, Refused("http://example.test/a", _dir.Path).Code);
    }

    [Fact]
    public void Destination_MayNotRepeat_OrClashWithOneInUse()
    {
        var destination = _dir.File("same.bin");
        var twice = Assert.Throws<TransferException>(() => TransferFileValidator.ValidateFiles(
            [new TransferFileSpec("http://example.test/a", destination), new TransferFileSpec("http://example.test/b", destination)], _ => false));
        Assert.Equal(TransferErrorCode.DestinationConflict, twice.Code);
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);

        var taken = Assert.Throws<TransferException>(() => TransferFileValidator.ValidateFiles(
            [new TransferFileSpec("http://example.test/a", destination)], d => d == destination));
        Assert.Equal(TransferErrorCode.DestinationConflict, taken.Code);
        Assert.Contains("already used by a live job", taken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullsFromAForeignClient_AreRefusedAsInvalid_NotCrashes()
    {
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferFileValidator.ValidateFiles([null!], _ => false)).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferFileValidator.ValidateFiles([new TransferFileSpec("http://example.test/a", null!)], _ => false)).Code);
    }
}
