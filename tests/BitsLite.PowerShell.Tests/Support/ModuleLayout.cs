using System.Reflection;
using System.Management.Automation;

namespace BitsLite.PowerShell.Tests.Support;

/// <summary>Where the module's files are, and its cmdlet classes as PowerShell would find them.</summary>
internal static class ModuleLayout
{
    public static Assembly ModuleAssembly { get; } = typeof(BitsLite.Transfer).Assembly;

    /// <summary>The repository root (where BitsLite.psd1 is), found upwards from the test's output directory.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The module's own manifest (the repository root's BitsLite.psd1 only forwards to it).</summary>
    public static string Manifest => Path.Combine(ModuleDirectory, "BitsLite.psd1");

    /// <summary>The module folder: what a build stages and what the package copies.</summary>
    public static string ModuleDirectory => Path.Combine(RepositoryRoot, "module", "BitsLite");

    /// <summary>Every public, non-abstract class with [Cmdlet], which is what Import-Module exports from the assembly.</summary>
    public static IReadOnlyList<Type> CmdletTypes { get; } =
        [.. ModuleAssembly.GetExportedTypes().Where(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CmdletAttribute))).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>"Verb-Noun" from the type's [Cmdlet] attribute (read as metadata: the reference assembly's attribute classes do nothing at run time).</summary>
    public static string CmdletName(Type type)
    {
        var attribute = type.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CmdletAttribute));
        return $"{attribute.ConstructorArguments[0].Value}-{attribute.ConstructorArguments[1].Value}";
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BitsLite.psd1")) && Directory.Exists(Path.Combine(directory.FullName, "src")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No BitsLite.psd1 above {AppContext.BaseDirectory}.");
    }
}
