using BitsLite.Engine.Text;

namespace BitsLite.Engine.Tests.Text;

public class UntrustedTextTests
{
    [Theory]
    [InlineData("Not Found \u001b]0;pwned\u0007", "Not Found ")] // OSC (window title) ended by BEL
    [InlineData("a\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\b", "alinkb")] // OSC 8 hyperlink ended by ST
    [InlineData("\u001b[2J\u001b[1;31mred\u001b[0m", "red")] // CSI: clear screen, colours
    [InlineData("x\u009b31my\u009d0;t\u009cz", "xyz")] // C1 CSI and OSC with C1 ST
    [InlineData("one\r\ntwo\tthree\u007f\u0000", "onetwothree")] // line breaks, tab, DEL, NUL
    [InlineData("\u001bc\u001b(Bok\u001b", "ok")] // two-character escapes, a lone ESC at the end
    [InlineData("\u001b[12", "")] // an unfinished CSI
    [InlineData("plain text, ünïcödé ✓", "plain text, ünïcödé ✓")]
    public void WithoutControls_RemovesControlCharactersAndWholeEscapeSequences(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.WithoutControls(text));

    [Fact]
    public void WithoutControls_ReturnsCleanTextItself() =>
        Assert.Same("nothing to do", UntrustedText.WithoutControls("nothing to do"));

    [Theory]
    [InlineData("for https://alice:s3cret@example.com/x.", "for https://***@example.com/x.")]
    [InlineData("from http://user:p@ss@h:8080/a?b=c@d", "from http://***@h:8080/a?b=c@d")] // the last '@' of the authority; a query's '@' stays
    [InlineData("'ftp://token@files/' and 'http://x/@y'", "'ftp://***@files/' and 'http://x/@y'")]
    [InlineData("mail bob@example.com", "mail bob@example.com")]
    public void WithoutUserInfo_HidesTheUserInformationOfEveryUrl(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.WithoutUserInfo(text));
}
