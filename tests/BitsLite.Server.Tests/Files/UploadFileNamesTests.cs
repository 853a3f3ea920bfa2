using BitsLite.Server.Files;

namespace BitsLite.Server.Tests.Files;

public class UploadFileNamesTests
{
    [Theory]
    [InlineData("report.pdf")]
    [InlineData("a")]
    [InlineData("name with spaces.txt")]
    [InlineData(".profile")]
    [InlineData("...x")]
    [InlineData("Ünïcødé ✓.bin")]
    [InlineData("100%.txt")]
    [InlineData("console.log")]
    [InlineData("com10")]
    [InlineData("nul-terminated.txt")]
    public void AcceptsOrdinaryFileNames(string name)
    {
        Assert.True(UploadFileNames.TryValidate(name, out var reason), reason);
    }

    [Theory]
    [InlineData("", "no file name")]
    [InlineData(".", "not file names")]
    [InlineData("..", "not file names")]
    [InlineData("../x", "separators")]
    [InlineData("..\\x", "separators")]
    [InlineData("/etc/passwd", "separators")]
    [InlineData("a/b", "separators")]
    [InlineData("C:", "separators")]
    [InlineData("c:evil", "separators")]
    [InlineData("file.txt:stream", "separators")]
    [InlineData("what?.txt", "separators")]
    [InlineData("a*b", "separators")]
    [InlineData("a\0b", "control")]
    [InlineData("line\nbreak", "control")]
    [InlineData("tab\there", "control")]
    [InlineData("del\u007F", "control")]
    [InlineData("trailing.", "end with")]
    [InlineData("trailing ", "end with")]
    [InlineData("con", "device")]
    [InlineData("CON", "device")]
    [InlineData("nul.txt", "device")]
    [InlineData("Aux.tar.gz", "device")]
    [InlineData("com1", "device")]
    [InlineData("LPT9.log", "device")]
    [InlineData("lpt\u00B9", "device")]
    [InlineData("prn .txt", "device")]
    [InlineData("conin$", "device")]
    [InlineData(".bitslite-0123.partial", "reserved for the server")]
    public void RefusesNamesThatCouldLeaveTheDirectory_OrMeanSomethingElse(string name, string reason)
    {
        Assert.False(UploadFileNames.TryValidate(name, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesNamesLongerThan255BytesOfUtf8()
    {
        Assert.True(UploadFileNames.TryValidate(new string('a', 255), out _));
        Assert.False(UploadFileNames.TryValidate(new string('a', 256), out _));
        Assert.False(UploadFileNames.TryValidate(new string('é', 128), out _));
    }
}
