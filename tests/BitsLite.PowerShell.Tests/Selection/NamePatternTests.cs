using BitsLite.PowerShell.Selection;

namespace BitsLite.PowerShell.Tests.Selection;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("nightly*", "nightly-backup", true)]
    [InlineData("nightly*", "Nightly", true)]
    [InlineData("*backup", "nightly-backup", true)]
    [InlineData("*backup", "backup.old", false)]
    [InlineData("log?", "log1", true)]
    [InlineData("log?", "log12", false)]
    [InlineData("[ab]x", "bx", true)]
    [InlineData("[ab]x", "cx", false)]
    [InlineData("v[0-9]", "v7", true)]
    [InlineData("v[0-9]", "vx", false)]
    [InlineData("a`*b", "a*b", true)]
    [InlineData("a`*b", "axb", false)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("(x)+", "(x)+", true)]
    [InlineData("exact", "EXACT", true)]
    [InlineData("exact", "exactly", false)]
    public void IsMatch_FollowsPowerShellWildcards(string pattern, string name, bool expected) =>
        Assert.Equal(expected, new NamePattern(pattern).IsMatch(name));

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("[a]", true)]
    [InlineData("a`*", false)]
    [InlineData("a`[1`]", false)]
    public void HasWildcards_IgnoresEscapedOnes(string pattern, bool expected) =>
        Assert.Equal(expected, new NamePattern(pattern).HasWildcards);

    [Fact]
    public void AnEscapedBracketName_MatchesItself() =>
        Assert.True(new NamePattern("run`[1`]").IsMatch("run[1]"));

    [Fact]
    public void AnUnclosedBracket_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new NamePattern("a[b"));
        Assert.Contains("`[", error.Message, StringComparison.Ordinal);
    }
}
