using System.Reflection;
using System.Runtime.Loader;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Manifest;

/// <summary>The staged module finds its host with no configuration, as it will inside a PowerShell session.</summary>
public sealed class StagedHostTests
{
    [Fact]
    public void TheModulesClient_LocatesTheHostInTheModulesHostFolder()
    {
        var previous = Environment.GetEnvironmentVariable("BITSLITE_HOST_PATH");
        Assert.Null(previous);

        // Load the staged copy of BitsLite.Client (not this test's own), so Locate looks beside module/.
        var context = new AssemblyLoadContext("staged-module", isCollectible: true);
        try
        {
            context.Resolving += (c, name) => c.LoadFromAssemblyPath(Path.Combine(ModuleLayout.ModuleDirectory, name.Name + ".dll"));
            var client = context.LoadFromAssemblyPath(Path.Combine(ModuleLayout.ModuleDirectory, "BitsLite.Client.dll"));
            var locate = client.GetType("BitsLite.Client.Hosting.HostCommand", throwOnError: true)!.GetMethod("Locate", BindingFlags.Public | BindingFlags.Static)!;
            var command = locate.Invoke(null, [null])!;
            var fileName = (string)command.GetType().GetProperty("FileName")!.GetValue(command)!;
            var prefix = (IReadOnlyList<string>)command.GetType().GetProperty("Prefix")!.GetValue(command)!;

            var host = Path.Combine(ModuleLayout.ModuleDirectory, "host");
            var expected = File.Exists(Path.Combine(host, "bitslite-host")) ? Path.Combine(host, "bitslite-host") : Path.Combine(host, "bitslite-host.dll");
            Assert.Equal(expected, prefix.Count == 0 ? fileName : prefix[0]);
        }
        finally
        {
            context.Unload();
        }
    }
}
