namespace BitsLite.PowerShell.Tests.Help;

/// <summary>
/// Checks about_BitsLite.help.txt, the conceptual help (Get-Help about_BitsLite): the standard about_ layout, every
/// cmdlet named, and lines that fit an 80-column terminal.
/// </summary>
public sealed class AboutHelpTests
{
    private const int MaxLineLength = 80;

    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(MamlHelp.AboutFilePath));

    public static TheoryData<string> Cmdlets() => CmdletMetadata.CmdletNames();

    [Fact]
    public void AboutFile_Exists_AndStartsWithTheTopicHeader()
    {
        Assert.True(File.Exists(MamlHelp.AboutFilePath), $"No about topic at {MamlHelp.AboutFilePath}.");
        Assert.Equal("TOPIC", Lines.Value[0]);
        Assert.Equal("about_BitsLite", Lines.Value[1].Trim());
        Assert.StartsWith(" ", Lines.Value[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AboutFile_HasTheStandardSections_InOrder()
    {
        string[] sections = ["TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO"];
        var at = sections.Select(s => Array.IndexOf(Lines.Value, s)).ToList();
        Assert.True(at.All(i => i >= 0), $"Missing section header(s): {string.Join(", ", sections.Where((_, i) => at[i] < 0))}.");
        Assert.Equal(at.Order(), at);
        Assert.False(string.IsNullOrWhiteSpace(Lines.Value[at[1] + 1]), "SHORT DESCRIPTION is empty.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void AboutFile_NamesTheCmdlet(string cmdlet)
    {
        Assert.Contains(Lines.Value, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"(?<![\w-]){cmdlet}(?![\w-])"));
    }

    [Fact]
    public void AboutFile_HasNoLineOver80Characters()
    {
        var tooLong = Lines.Value.Select((line, i) => (Line: i + 1, line.Length)).Where(l => l.Length > MaxLineLength).ToList();
        Assert.True(tooLong.Count == 0, $"Lines over {MaxLineLength} characters: {string.Join(", ", tooLong.Select(l => $"{l.Line} ({l.Length})"))}.");
    }

    [Fact]
    public void AboutFile_HasNoTabsOrTrailingSpaces()
    {
        var bad = Lines.Value.Select((line, i) => (Line: i + 1, Text: line)).Where(l => l.Text.Contains('\t', StringComparison.Ordinal) || l.Text.EndsWith(' ')).Select(l => l.Line).ToList();
        Assert.True(bad.Count == 0, $"Lines with tabs or trailing spaces: {string.Join(", ", bad)}.");
    }
}
