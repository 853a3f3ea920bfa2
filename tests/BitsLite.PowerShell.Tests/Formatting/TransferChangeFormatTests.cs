using System.Reflection;
using System.Xml.Linq;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Formatting;

/// <summary>How Watch-Transfer's records show: a table that reads as a log in 80 columns, and a list of every property.</summary>
public sealed class TransferChangeFormatTests
{
    private static readonly List<XElement> Views = [.. XDocument.Load(Path.Combine(ModuleLayout.ModuleDirectory, "BitsLite.Format.ps1xml"))
        .Descendants("View")
        .Where(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim() == "BitsLite.TransferChange")];

    [Fact]
    public void TheTable_ShowsTimeKindNameTheMoveAndProgress_In80Columns()
    {
        var table = Assert.Single(Views, v => v.Element("TableControl") is not null);
        var headers = table.Descendants("TableColumnHeader").ToList();

        Assert.Equal(["Time", "Kind", "DisplayName", "From", "State", "Progress"], headers.Select(h => (string?)h.Element("Label")));
        Assert.Equal(headers.Count, table.Descendants("TableColumnItem").Count());
        var widths = headers.Select(h => (int?)h.Element("Width")).ToList();
        Assert.All(widths, w => Assert.NotNull(w));
        Assert.True(widths.Sum()!.Value + headers.Count - 1 <= 80, $"the table is {widths.Sum() + headers.Count - 1} columns wide");
    }

    [Fact]
    public void TheList_ShowsEveryPropertyOfTheRecord()
    {
        var list = Assert.Single(Views, v => v.Element("ListControl") is not null);
        var shown = list.Descendants("PropertyName").Select(p => p.Value.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(typeof(BitsLite.TransferChange).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Contains(p.Name, shown));
    }
}
