using System.Reflection;
using System.Management.Automation;

namespace BitsLite.PowerShell.Tests.Support;

/// <summary>
/// One [Parameter] attribute of a cmdlet property, read from metadata as PowerShell's binder sees it. A property
/// with several [Parameter] attributes (one per parameter set) yields one of these per attribute.
/// </summary>
internal sealed record CmdletParameter(
    PropertyInfo Property,
    string SetName,
    int Position,
    bool Mandatory,
    bool FromPipeline,
    bool FromPipelineByPropertyName,
    IReadOnlyList<string> Aliases)
{
    public const string AllSets = "__AllParameterSets";

    public string Name => Property.Name;

    public bool InAllSets => SetName == AllSets;

    public static IReadOnlyList<CmdletParameter> Of(Type cmdlet) =>
        [.. cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(Read)];

    private static IEnumerable<CmdletParameter> Read(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var aliases = attributes.Where(a => a.AttributeType == typeof(AliasAttribute))
            .SelectMany(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!))
            .ToList();
        foreach (var parameter in attributes.Where(a => a.AttributeType == typeof(ParameterAttribute)))
        {
            T Named<T>(string name, T fallback) =>
                parameter.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();

            yield return new CmdletParameter(
                property,
                Named(nameof(ParameterAttribute.ParameterSetName), AllSets),
                Named(nameof(ParameterAttribute.Position), int.MinValue),
                Named(nameof(ParameterAttribute.Mandatory), false),
                Named(nameof(ParameterAttribute.ValueFromPipeline), false),
                Named(nameof(ParameterAttribute.ValueFromPipelineByPropertyName), false),
                aliases);
        }
    }
}
