using BitsLite.Testing;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Requests;

public class TransferRequestValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferException Refused(string source, string destination) =>
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateFiles([new TransferFileSpec(source, destination)], _ => false));

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
        var result = TransferRequestValidator.ValidateFiles(
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
        var twice = Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateFiles(
            [new TransferFileSpec("http://example.test/a", destination), new TransferFileSpec("http://example.test/b", destination)], _ => false));
        Assert.Equal(TransferErrorCode.DestinationConflict, twice.Code);
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);

        var taken = Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateFiles(
            [new TransferFileSpec("http://example.test/a", destination)], d => d == destination));
        Assert.Equal(TransferErrorCode.DestinationConflict, taken.Code);
        Assert.Contains("already used by a live job", taken.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NoColon")]
    [InlineData(": empty name")]
    [InlineData("Bad Name: x")]
    [InlineData("X-Injected: a\r\nEvil: b")]
    public void MalformedHeaders_AreRefused(string header) =>
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateHeaders([header])).Code);

    [Fact]
    public void NullsFromAForeignClient_AreRefusedAsInvalid_NotCrashes()
    {
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateHeaders([null!])).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateFiles([null!], _ => false)).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateFiles([new TransferFileSpec("http://example.test/a", null!)], _ => false)).Code);
    }

    [Fact]
    public void Headers_MayNotExceed16384CharactersInAll()
    {
        TransferRequestValidator.ValidateHeaders(["X-A: " + new string('a', 16384 - 5)]);
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateHeaders(["X-A: " + new string('a', 16384 - 5), "X-B: b"]));
    }

    [Fact]
    public void Times_BelowTheMinimumOrNegative_AreRefused()
    {
        var minimum = TimeSpan.FromSeconds(5);
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateTimes(TimeSpan.FromSeconds(1), null, null, null, minimum, false));
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateTimes(null, TimeSpan.FromSeconds(-1), null, null, minimum, false));
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateTimes(null, null, TimeSpan.Zero, null, minimum, false));
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateTimes(null, null, null, 0, minimum, false));
        TransferRequestValidator.ValidateTimes(null, TimeSpan.Zero, TimeSpan.Zero, 0, minimum, true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public void BlankOrControlCharacterDisplayNames_AreRefused(string name) =>
        Assert.Equal(TransferErrorCode.InvalidArgument, Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateText(name, null)).Code);

    [Fact]
    public void UndefinedPriorities_AreRefused()
    {
        TransferRequestValidator.ValidatePriority(TransferPriority.Low);
        var ex = Assert.Throws<TransferException>(() => TransferRequestValidator.ValidatePriority((TransferPriority)7));
        Assert.Contains("Foreground, High, Normal or Low", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_IsLimitedTo1024Characters()
    {
        TransferRequestValidator.ValidateText("name", new string('d', 1024));
        Assert.Throws<TransferException>(() => TransferRequestValidator.ValidateText("name", new string('d', 1025)));
    }
}
