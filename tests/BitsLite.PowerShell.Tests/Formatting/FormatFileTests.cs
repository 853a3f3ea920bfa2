using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Formatting;

/// <summary>The format file is well-formed and names only real types and properties.</summary>
public sealed partial class FormatFileTests
{
    private static readonly XDocument Format = XDocument.Load(Path.Combine(ModuleLayout.ModuleDirectory, "BitsLite.Format.ps1xml"));

    [Fact]
    public void EveryView_SelectsATypeOfTheModule()
    {
        var views = Format.Descendants("View").ToList();
        Assert.NotEmpty(views);
        foreach (var view in views)
        {
            Assert.NotNull(TypeOf(view));
        }
    }

    [Fact]
    public void Transfer_HasATableAndAListView()
    {
        var controls = Format.Descendants("View").Where(v => TypeOf(v) == typeof(BitsLite.Transfer)).Select(v => v.Elements().Last().Name.LocalName).ToList();
        Assert.Contains("TableControl", controls);
        Assert.Contains("ListControl", controls);
    }

    [Fact]
    public void TransferTable_ShowsIdNameStateAndProgress_In80Columns()
    {
        var table = Format.Descendants("View").First(v => TypeOf(v) == typeof(BitsLite.Transfer) && v.Element("TableControl") is not null);
        var headers = table.Descendants("TableColumnHeader").ToList();
        Assert.Equal(["Id", "DisplayName", "State", "Progress"], headers.Select(h => (string?)h.Element("Label")));
        Assert.Equal(headers.Count, table.Descendants("TableColumnItem").Count());

        // Every column has a fixed width, and they fit a log's 80 columns with one space between each.
        var widths = headers.Select(h => (int?)h.Element("Width")).ToList();
        Assert.All(widths, w => Assert.NotNull(w));
        Assert.True(widths.Sum()!.Value + headers.Count - 1 <= 80, $"the table is {widths.Sum() + headers.Count - 1} columns wide");
    }

    [Fact]
    public void TransferList_ShowsEveryPropertyOfTheTransfer()
    {
        // A property added to Transfer (a new setting, say) is missing from Format-List until it is named here.
        var list = Format.Descendants("View").First(v => TypeOf(v) == typeof(BitsLite.Transfer) && v.Element("ListControl") is not null);
        var shown = list.Descendants("PropertyName").Select(p => p.Value.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(typeof(BitsLite.Transfer).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Contains(p.Name, shown));
    }

    [Fact]
    public void EveryPropertyName_IsAPublicPropertyOfTheViewsType()
    {
        foreach (var view in Format.Descendants("View"))
        {
            var type = TypeOf(view)!;
            foreach (var property in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
            {
                Assert.True(type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is not null, $"{type.Name} has no property {property}");
            }
        }
    }

    [Fact]
    public void EveryScriptBlock_ReadsOnlyRealProperties()
    {
        foreach (var view in Format.Descendants("View"))
        {
            var type = TypeOf(view)!;
            foreach (var script in view.Descendants("ScriptBlock").Select(s => s.Value))
            {
                var used = PropertyReference().Matches(script).Select(m => m.Groups[1].Value).ToList();
                Assert.NotEmpty(used);
                Assert.All(used, p => Assert.True(type.GetProperty(p) is not null, $"{type.Name} has no property {p}"));
            }
        }
    }

    [Fact]
    public void ViewNames_AreUnique()
    {
        var names = Format.Descendants("View").Select(v => (string?)v.Element("Name")).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static Type? TypeOf(XElement view) =>
        ModuleLayout.ModuleAssembly.GetType(view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim());

    [GeneratedRegex(@"\$_\.(\w+)")]
    private static partial Regex PropertyReference();
}
