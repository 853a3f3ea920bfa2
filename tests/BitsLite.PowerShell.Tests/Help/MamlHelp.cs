using System.Xml;
using System.Xml.Linq;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Help;

/// <summary>
/// The module's cmdlet help (module/en-US/BitsLite.PowerShell.dll-Help.xml) as Get-Help reads it: MAML, one
/// command:command element per cmdlet, in the maml, command and dev namespaces.
/// </summary>
internal static class MamlHelp
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>PowerShell looks for a binary cmdlet's help in "&lt;assembly file name&gt;-Help.xml".</summary>
    public static string FileName => Path.GetFileName(ModuleLayout.ModuleAssembly.Location) + "-Help.xml";

    public static string FilePath => Path.Combine(ModuleLayout.ModuleDirectory, "en-US", FileName);

    public static string AboutFilePath => Path.Combine(ModuleLayout.ModuleDirectory, "en-US", "about_BitsLite.help.txt");

    private static readonly Lazy<XDocument> LoadedDocument = new(() => Load(FilePath));

    public static XDocument Document => LoadedDocument.Value;

    public static IReadOnlyList<XElement> Commands => [.. Document.Root!.Elements(Command + "command")];

    /// <summary>Reads the file as PowerShell does: no DTD, whitespace kept out of the way.</summary>
    public static XDocument Load(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    public static string? NameOf(XElement command) => Text(command.Element(Command + "details")?.Element(Command + "name"));

    /// <summary>The command element for <paramref name="cmdlet"/>; fails the test when there is not exactly one.</summary>
    public static XElement For(string cmdlet)
    {
        var matches = Commands.Where(c => NameOf(c) == cmdlet).ToList();
        Assert.True(matches.Count == 1, $"{FileName} has {matches.Count} command entries named {cmdlet}; expected one.");
        return matches[0];
    }

    public static string Synopsis(XElement command) =>
        Paragraphs(command.Element(Command + "details")?.Element(Maml + "description"));

    public static string Description(XElement command) => Paragraphs(command.Element(Maml + "description"));

    /// <summary>The entries of the PARAMETERS section.</summary>
    public static IReadOnlyList<HelpParameter> Parameters(XElement command) =>
        [.. command.Element(Command + "parameters")?.Elements(Command + "parameter").Select(HelpParameter.From) ?? []];

    /// <summary>The SYNTAX section: one item per parameter set, each with its parameters.</summary>
    public static IReadOnlyList<IReadOnlyList<HelpParameter>> SyntaxItems(XElement command) =>
        [.. command.Element(Command + "syntax")?.Elements(Command + "syntaxItem")
            .Select(item => (IReadOnlyList<HelpParameter>)[.. item.Elements(Command + "parameter").Select(HelpParameter.From)]) ?? []];

    public static IReadOnlyList<string> SyntaxItemNames(XElement command) =>
        [.. command.Element(Command + "syntax")?.Elements(Command + "syntaxItem").Select(i => Text(i.Element(Maml + "name")) ?? "") ?? []];

    public static IReadOnlyList<(string Title, string Code, string Remarks)> Examples(XElement command) =>
        [.. command.Element(Command + "examples")?.Elements(Command + "example").Select(e => (
            Text(e.Element(Maml + "title")) ?? "",
            e.Element(Dev + "code")?.Value ?? "",
            Paragraphs(e.Element(Dev + "remarks")))) ?? []];

    public static IReadOnlyList<string> InputTypes(XElement command) => TypeNames(command, "inputTypes", "inputType");

    public static IReadOnlyList<string> ReturnTypes(XElement command) => TypeNames(command, "returnValues", "returnValue");

    public static IReadOnlyList<string> RelatedLinks(XElement command) =>
        [.. command.Element(Command + "relatedLinks")?.Elements(Maml + "navigationLink").Select(l => Text(l.Element(Maml + "linkText")) ?? "") ?? []];

    public static string Notes(XElement command) =>
        string.Join("\n", command.Element(Maml + "alertSet")?.Elements(Maml + "alert").Select(Paragraphs) ?? []);

    /// <summary>The text of every maml:para below <paramref name="element"/>, one per line.</summary>
    public static string Paragraphs(XElement? element) =>
        element is null ? "" : string.Join("\n", element.Descendants(Maml + "para").Select(p => p.Value.Trim()).Where(p => p.Length > 0));

    private static IReadOnlyList<string> TypeNames(XElement command, string section, string item) =>
        [.. command.Element(Command + section)?.Elements(Command + item)
            .Select(i => Text(i.Element(Dev + "type")?.Element(Maml + "name")) ?? "") ?? []];

    private static string? Text(XElement? element) => element?.Value.Trim();
}

/// <summary>One command:parameter element, from the PARAMETERS section or a syntax item.</summary>
internal sealed record HelpParameter(
    string Name,
    string Required,
    string Position,
    string PipelineInput,
    string Globbing,
    string Aliases,
    string TypeName,
    string Description,
    string DefaultValue,
    IReadOnlyList<string> PossibleValues,
    int Line)
{
    public static HelpParameter From(XElement parameter) => new(
        parameter.Element(MamlHelp.Maml + "name")?.Value.Trim() ?? "",
        Attribute(parameter, "required"),
        Attribute(parameter, "position"),
        Attribute(parameter, "pipelineInput"),
        Attribute(parameter, "globbing"),
        Attribute(parameter, "aliases"),
        parameter.Element(MamlHelp.Dev + "type")?.Element(MamlHelp.Maml + "name")?.Value.Trim() ?? "",
        MamlHelp.Paragraphs(parameter.Element(MamlHelp.Maml + "description")),
        parameter.Element(MamlHelp.Dev + "defaultValue")?.Value.Trim() ?? "",
        [.. parameter.Element(MamlHelp.Command + "parameterValueGroup")?.Elements(MamlHelp.Command + "parameterValue").Select(v => v.Value.Trim()) ?? []],
        ((IXmlLineInfo)parameter).LineNumber);

    private static string Attribute(XElement element, string name) => element.Attribute(name)?.Value ?? "";
}
