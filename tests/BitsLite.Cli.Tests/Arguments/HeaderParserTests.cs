using BitsLite.Cli.Arguments;

namespace BitsLite.Cli.Tests.Arguments;

public class HeaderParserTests
{
    [Theory]
    [InlineData("X-Token: abc", "X-Token: abc")]
    [InlineData("X-Token:abc", "X-Token: abc")]
    [InlineData("  Accept :  text/plain  ", "Accept: text/plain")]
    [InlineData("Authorization: Bearer a:b:c", "Authorization: Bearer a:b:c")]
    [InlineData("X-Empty:", "X-Empty:")]
    public void Normalises_name_and_value(string text, string expected)
    {
        Assert.True(HeaderParser.TryParse(text, out var header, out var error), error);
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("NoColon", "write it as \"Name: value\"")]
    [InlineData(": value", "no header name")]
    [InlineData("Bad Name: v", "'Bad Name' is not a valid header name")]
    [InlineData("A: b\r\nC: d", "line breaks")]
    public void Refuses_malformed_headers(string text, string message)
    {
        Assert.False(HeaderParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
