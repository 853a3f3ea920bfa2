using System.Reflection;
using System.Text.RegularExpressions;

namespace BitsLite.Testing.Naming;

/// <summary>
/// The one naming style of test methods in every test project: a sentence in PascalCase segments, with underscores
/// only between its parts (subject _ what happens _ further clause), as in
/// <c>ASlowButSteadyResponse_IsNotMistakenForAStall</c>; never snake_case.
/// </summary>
public static partial class TestNameStyle
{
    /// <summary>The pattern every test method's name matches.</summary>
    public const string Pattern = "^[A-Z][A-Za-z0-9]*(_[A-Z0-9][A-Za-z0-9]*)*$";

    // By name, so that this project needs no reference to xUnit: [Theory] and any custom test attribute derive from it.
    private const string FactAttributeName = "Xunit.FactAttribute";

    /// <summary>Whether <paramref name="name"/> is written in the style.</summary>
    public static bool IsSentence(string name) => SentenceRegex().IsMatch(name);

    /// <summary>
    /// Every test method ([Fact], [Theory] or an attribute derived from them) declared in <paramref name="assembly"/>,
    /// including those of abstract base classes, which xUnit runs through the classes that derive from them.
    /// </summary>
    public static IReadOnlyList<MethodInfo> TestMethods(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
            | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return assembly.GetTypes()
            .SelectMany(type => type.GetMethods(Declared))
            .Where(method => method.CustomAttributes.Any(attribute => IsFact(attribute.AttributeType)))
            .ToList();
    }

    /// <summary>The test methods of <paramref name="assembly"/> whose names break the style, as <c>Type.Method</c>, sorted.</summary>
    public static IReadOnlyList<string> Offenders(Assembly assembly) =>
        TestMethods(assembly)
            .Where(method => !IsSentence(method.Name))
            .Select(method => $"{method.DeclaringType?.FullName}.{method.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsFact(Type attributeType)
    {
        for (Type? type = attributeType; type is not null; type = type.BaseType)
        {
            if (type.FullName == FactAttributeName)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex SentenceRegex();
}
