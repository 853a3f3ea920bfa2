using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Manifest;

/// <summary>The module's manifest agrees with the assembly and with what the build staged.</summary>
public sealed class ManifestTests
{
    private static readonly Dictionary<string, object> Manifest = PowerShellDataFile.Read(ModuleLayout.Manifest);

    [Fact]
    public void CmdletsToExport_AreExactlyTheCmdletClasses()
    {
        var exported = ((List<object>)Manifest["CmdletsToExport"]).Cast<string>().Order(StringComparer.Ordinal).ToList();
        var classes = ModuleLayout.CmdletTypes.Select(ModuleLayout.CmdletName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(classes, exported);
    }

    [Fact]
    public void NothingElse_IsExported()
    {
        foreach (var key in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
        {
            Assert.Empty((List<object>)Manifest[key]);
        }
    }

    [Fact]
    public void TheRootManifest_ForwardsToTheModule_WithItsVersionAndGuid()
    {
        // Import-Module ./BitsLite.psd1 in a checkout loads module/BitsLite, so that help is found beside it.
        var root = PowerShellDataFile.Read(Path.Combine(ModuleLayout.RepositoryRoot, "BitsLite.psd1"));
        Assert.Equal("module/BitsLite/BitsLite.psd1", (string)root["RootModule"]);
        Assert.Equal((string)Manifest["ModuleVersion"], (string)root["ModuleVersion"]);
        Assert.Equal((string)Manifest["GUID"], (string)root["GUID"]);
    }

    [Fact]
    public void ModuleVersion_MatchesTheAssembly()
    {
        var version = ModuleLayout.ModuleAssembly.GetName().Version!;
        Assert.Equal(version.ToString(3), (string)Manifest["ModuleVersion"]);
    }

    [Fact]
    public void Manifest_NamesPowerShell74Core_AndAGuid()
    {
        Assert.Equal("7.4", (string)Manifest["PowerShellVersion"]);
        Assert.Equal(["Core"], ((List<object>)Manifest["CompatiblePSEditions"]).Cast<string>());
        Assert.True(Guid.TryParse((string)Manifest["GUID"], out _));
        Assert.False(string.IsNullOrWhiteSpace((string)Manifest["Description"]));
    }

    [Fact]
    public void PSData_HasTagsAndLicense()
    {
        var data = (Dictionary<string, object>)((Dictionary<string, object>)Manifest["PrivateData"])["PSData"];
        var tags = ((List<object>)data["Tags"]).Cast<string>().ToList();
        Assert.Contains("PSEdition_Core", tags);
        Assert.All(tags, t => Assert.DoesNotContain(' ', t));
        Assert.StartsWith("https://", (string)data["LicenseUri"], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFileTheManifestNames_ExistsAfterABuild()
    {
        var root = ModuleLayout.ModuleDirectory;
        var named = ((List<object>)Manifest["FormatsToProcess"]).Cast<string>().Prepend((string)Manifest["RootModule"]);
        foreach (var relative in named)
        {
            Assert.True(File.Exists(Path.Combine(root, relative)), $"{relative} is missing");
        }
    }

    [Fact]
    public void TheStagedModule_IsCompleteAndCurrent()
    {
        var directory = ModuleLayout.ModuleDirectory;
        foreach (var assembly in new[] { "BitsLite.PowerShell.dll", "BitsLite.Client.dll", "BitsLite.Protocol.dll" })
        {
            Assert.True(File.Exists(Path.Combine(directory, assembly)), $"{assembly} was not staged");
        }

        // The module must never carry PowerShell's own assembly: the session's copy is the one to use.
        Assert.False(File.Exists(Path.Combine(directory, "System.Management.Automation.dll")));

        // The host the client looks for in the module (HostCommand.Locate), with what it needs to run.
        var host = Path.Combine(directory, "host");
        Assert.True(File.Exists(Path.Combine(host, "bitslite-host.dll")));
        Assert.True(File.Exists(Path.Combine(host, "bitslite-host.runtimeconfig.json")));
        Assert.True(File.Exists(Path.Combine(host, "Microsoft.Data.Sqlite.dll")));

        var staged = File.ReadAllBytes(Path.Combine(directory, "BitsLite.PowerShell.dll"));
        Assert.Equal(File.ReadAllBytes(ModuleLayout.ModuleAssembly.Location), staged);
    }
}
