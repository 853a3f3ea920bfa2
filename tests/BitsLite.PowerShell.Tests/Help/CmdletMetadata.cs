using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Help;

/// <summary>
/// What the help must agree with, read from the cmdlet classes' metadata as PowerShell's binder sees it (the
/// reference assembly's attribute classes do nothing at run time, so they are never instantiated).
/// </summary>
internal static class CmdletMetadata
{
    /// <summary>Parameters PowerShell adds to every cmdlet that supports ShouldProcess; they are not declared on the class.</summary>
    public static readonly IReadOnlyList<string> ShouldProcessParameters = ["WhatIf", "Confirm"];

    public static Type TypeOf(string cmdlet) => ModuleLayout.CmdletTypes.Single(t => ModuleLayout.CmdletName(t) == cmdlet);

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in ModuleLayout.CmdletTypes)
        {
            data.Add(ModuleLayout.CmdletName(type));
        }

        return data;
    }

    public static (string Verb, string Noun) VerbAndNoun(Type type)
    {
        var attribute = CmdletAttributeOf(type);
        return ((string)attribute.ConstructorArguments[0].Value!, (string)attribute.ConstructorArguments[1].Value!);
    }

    public static bool SupportsShouldProcess(Type type) => Named(CmdletAttributeOf(type), nameof(CmdletAttribute.SupportsShouldProcess), false);

    public static string? DefaultParameterSetName(Type type) => Named<string?>(CmdletAttributeOf(type), nameof(CmdletAttribute.DefaultParameterSetName), null);

    /// <summary>
    /// The parameter sets PowerShell builds: every set a [Parameter] names, plus the default set (which exists even
    /// when no parameter names it); with no named set at all, the one implicit set. Each maps to its parameters, the
    /// attribute for that set (or the all-sets one) of each.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CmdletParameter>> ParameterSets(Type type)
    {
        var parameters = CmdletParameter.Of(type);
        var names = parameters.Where(p => !p.InAllSets).Select(p => p.SetName).Distinct(StringComparer.Ordinal).ToList();
        if (DefaultParameterSetName(type) is { } defaultSet && !names.Contains(defaultSet, StringComparer.Ordinal))
        {
            names.Add(defaultSet);
        }

        if (names.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<CmdletParameter>>(StringComparer.Ordinal) { [CmdletParameter.AllSets] = parameters };
        }

        return names.ToDictionary(
            n => n,
            n => (IReadOnlyList<CmdletParameter>)[.. parameters.Where(p => p.SetName == n || p.InAllSets)],
            StringComparer.Ordinal);
    }

    /// <summary>Every parameter the class declares, once each, with all its [Parameter] attributes.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CmdletParameter>> DeclaredParameters(Type type) =>
        CmdletParameter.Of(type).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CmdletParameter>)[.. g], StringComparer.Ordinal);

    /// <summary>The types named by the class's [OutputType] attributes; void reads as "None", as help writes it.</summary>
    public static IReadOnlyList<string> OutputTypeNames(Type type) =>
        [.. type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [argument.Value])
            .OfType<Type>()
            .Select(t => t == typeof(void) ? "None" : t.FullName!)
            .Distinct(StringComparer.Ordinal)];

    /// <summary>How help writes a parameter's position: the number, or "named".</summary>
    public static string Position(CmdletParameter parameter) =>
        parameter.Position == int.MinValue ? "named" : parameter.Position.ToString(CultureInfo.InvariantCulture);

    /// <summary>How help writes a parameter's pipeline binding.</summary>
    public static string PipelineInput(CmdletParameter parameter) => (parameter.FromPipeline, parameter.FromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    public static string Required(CmdletParameter parameter) => parameter.Mandatory ? "true" : "false";

    public static bool SupportsWildcards(PropertyInfo property) =>
        property.GetCustomAttributesData().Any(a => a.AttributeType == typeof(SupportsWildcardsAttribute));

    /// <summary>The enumeration a parameter takes values of (directly or as an array), if any.</summary>
    public static Type? EnumType(PropertyInfo property)
    {
        var type = property.PropertyType.IsArray ? property.PropertyType.GetElementType()! : property.PropertyType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? type : null;
    }

    private static CustomAttributeData CmdletAttributeOf(Type type) =>
        type.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CmdletAttribute));

    private static T Named<T>(CustomAttributeData attribute, string name, T fallback) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();
}
