using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

public class ChecksumFileTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Fact]
    public void TextBinaryBsdAndEscapedLines_AreRead_AndCommentsAndBlankLinesSkipped()
    {
        var sums = ChecksumFile.Parse(
            ["# comment", "", $"{A.ToUpperInvariant()}  a.iso", $"{B} *./b.iso", $"SHA256 (c.iso) = {A}", $"\\{B}  back\\\\slash", $"{A}  two  spaces\r"],
            "SUMS");

        Assert.Equal(A, sums["a.iso"]);
        Assert.Equal(B, sums["b.iso"]);
        Assert.Equal(A, sums["c.iso"]);
        Assert.Equal(B, sums["back\\slash"]);
        Assert.Equal(A, sums["two  spaces"]);
    }

    [Fact]
    public void EscapedNames_AreReadLeftToRight()
    {
        // GNU writes a name holding '\' or a new line with each escaped, and a '\' before the line.
        var sums = ChecksumFile.Parse([$"\\{A}  a\\\\nb", $"\\{B}  c\\nd"], "SUMS");

        Assert.Equal(A, sums["a\\nb"]);
        Assert.Equal(B, sums["c\nd"]);
    }

    [Theory]
    [InlineData("abc  a.iso")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa a.iso")]
    [InlineData("SHA1 (a.iso) = da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    public void AMalformedLine_IsAnErrorNamingIt(string line)
    {
        var ex = Assert.Throws<TransferException>(() => ChecksumFile.Parse([$"{A}  ok.iso", line], "SUMS"));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.StartsWith("Line 2 of the checksum file 'SUMS' is not a SHA-256 line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameListedTwiceWithDifferentHashes_IsAnError()
    {
        var ex = Assert.Throws<TransferException>(() => ChecksumFile.Parse([$"{A}  a.iso", $"{B}  a.iso"], "SUMS"));

        Assert.Contains("lists 'a.iso' twice with different hashes (line 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesAreMatchedByDestinationName_ThenByTheirUrlsName()
    {
        var sums = new Dictionary<string, string> { ["renamed.iso"] = A, ["remote.iso"] = B };
        IReadOnlyList<TransferFileSpec> files =
        [
            new("https://example.test/x/whatever.iso", "/d/renamed.iso"),
            new("https://example.test/x/remote.iso?mirror=1", "/d/local.iso"),
        ];

        var hashed = ChecksumFile.Apply(files, sums, "SUMS");

        Assert.Equal([A, B], hashed.Select(f => f.ExpectedHash));
    }

    [Fact]
    public void AFileWithoutALine_IsAnErrorNamingBothOfItsNames()
    {
        var ex = Assert.Throws<TransferException>(() =>
            ChecksumFile.Apply([new TransferFileSpec("https://example.test/remote.iso", "/d/local.iso")], new Dictionary<string, string>(), "SUMS"));

        Assert.Contains("The checksum file 'SUMS' has no line for 'local.iso' (nor for 'remote.iso')", ex.Message, StringComparison.Ordinal);
    }
}
