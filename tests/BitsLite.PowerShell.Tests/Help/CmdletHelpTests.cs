using System.Text.RegularExpressions;
using System.Xml.Linq;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Help;

/// <summary>
/// Checks the MAML cmdlet help against the cmdlet classes, so that Get-Help says what the code does: every cmdlet
/// documented once, every declared parameter documented with the binder's own required, position and pipeline
/// values, one syntax item per real parameter set, and real examples. PowerShell's common parameters are not
/// declared on the classes and are not documented; -WhatIf and -Confirm are, exactly for the cmdlets that support
/// ShouldProcess.
/// </summary>
public sealed class CmdletHelpTests
{
    public static TheoryData<string> Cmdlets() => CmdletMetadata.CmdletNames();

    [Fact]
    public void HelpFile_IsNamedAfterTheModuleAssembly_InTheEnUsFolder()
    {
        Assert.Equal("BitsLite.PowerShell.dll-Help.xml", MamlHelp.FileName);
        Assert.True(File.Exists(MamlHelp.FilePath), $"No cmdlet help at {MamlHelp.FilePath}.");
    }

    [Fact]
    public void HelpFile_IsWellFormedMaml_InTheStandardNamespaces()
    {
        var document = MamlHelp.Load(MamlHelp.FilePath);
        var root = document.Root!;
        Assert.Equal("helpItems", root.Name.LocalName);
        Assert.Equal("maml", root.Attribute("schema")?.Value);

        var allowed = new HashSet<XNamespace> { MamlHelp.Msh, MamlHelp.Maml, MamlHelp.Command, MamlHelp.Dev };
        var strangers = document.Descendants().Where(e => !allowed.Contains(e.Name.Namespace)).Select(e => e.Name.ToString()).Distinct().ToList();
        Assert.True(strangers.Count == 0, $"Elements outside the MAML namespaces: {string.Join(", ", strangers)}");

        var children = root.Elements().ToList();
        Assert.NotEmpty(children);
        Assert.All(children, c => Assert.Equal(MamlHelp.Command + "command", c.Name));
        foreach (var command in children)
        {
            Assert.Equal(MamlHelp.Maml.NamespaceName, command.GetNamespaceOfPrefix("maml")?.NamespaceName);
            Assert.Equal(MamlHelp.Command.NamespaceName, command.GetNamespaceOfPrefix("command")?.NamespaceName);
            Assert.Equal(MamlHelp.Dev.NamespaceName, command.GetNamespaceOfPrefix("dev")?.NamespaceName);
        }
    }

    [Fact]
    public void HelpFile_HasExactlyOneEntryPerCmdlet_AndNoOthers()
    {
        var documented = MamlHelp.Commands.Select(c => MamlHelp.NameOf(c) ?? "(no name)").ToList();
        var cmdlets = ModuleLayout.CmdletTypes.Select(ModuleLayout.CmdletName).ToList();

        Assert.Empty(documented.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.True(cmdlets.Except(documented).ToList() is var undocumented && undocumented.Count == 0, $"Cmdlets without help: {string.Join(", ", undocumented)}");
        Assert.True(documented.Except(cmdlets).ToList() is var unknown && unknown.Count == 0, $"Help for commands the module does not have: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void NameVerbAndNoun_MatchTheCmdletAttribute(string cmdlet)
    {
        var details = MamlHelp.For(cmdlet).Element(MamlHelp.Command + "details")!;
        var (verb, noun) = CmdletMetadata.VerbAndNoun(CmdletMetadata.TypeOf(cmdlet));
        Assert.Equal($"{verb}-{noun}", details.Element(MamlHelp.Command + "name")?.Value.Trim());
        Assert.Equal(verb, details.Element(MamlHelp.Command + "verb")?.Value.Trim());
        Assert.Equal(noun, details.Element(MamlHelp.Command + "noun")?.Value.Trim());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void SynopsisAndDescription_AreWritten(string cmdlet)
    {
        var command = MamlHelp.For(cmdlet);
        var synopsis = MamlHelp.Synopsis(command);
        var description = MamlHelp.Description(command);
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{cmdlet} has no synopsis.");
        Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet} has no description.");
        Assert.True(description.Length > synopsis.Length, $"{cmdlet}'s description says no more than its synopsis.");
        Assert.Contains(cmdlet, description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EveryParameter_IsDocumented(string cmdlet)
    {
        var documented = MamlHelp.Parameters(MamlHelp.For(cmdlet)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in CmdletMetadata.DeclaredParameters(CmdletMetadata.TypeOf(cmdlet)).Keys)
        {
            Assert.True(documented.TryGetValue(name, out var parameter), $"{cmdlet} -{name} is not in the PARAMETERS section.");
            Assert.False(string.IsNullOrWhiteSpace(parameter.Description), $"{cmdlet} -{name} has no description.");
            Assert.False(string.IsNullOrWhiteSpace(parameter.DefaultValue), $"{cmdlet} -{name} has no default value (write None when there is none).");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EveryDocumentedParameter_ExistsOnTheCmdlet(string cmdlet)
    {
        var type = CmdletMetadata.TypeOf(cmdlet);
        var declared = CmdletMetadata.DeclaredParameters(type);
        var shouldProcess = CmdletMetadata.SupportsShouldProcess(type);
        foreach (var parameter in MamlHelp.Parameters(MamlHelp.For(cmdlet)))
        {
            var known = declared.ContainsKey(parameter.Name)
                || (shouldProcess && CmdletMetadata.ShouldProcessParameters.Contains(parameter.Name, StringComparer.Ordinal));
            Assert.True(known, $"{cmdlet} has no parameter -{parameter.Name}, but its help documents one (line {parameter.Line}).");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void DocumentedParameters_AppearOnceEach(string cmdlet)
    {
        var twice = MamlHelp.Parameters(MamlHelp.For(cmdlet)).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(twice);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void WhatIfAndConfirm_AreDocumentedExactlyWhenTheCmdletSupportsShouldProcess(string cmdlet)
    {
        var command = MamlHelp.For(cmdlet);
        var expected = CmdletMetadata.SupportsShouldProcess(CmdletMetadata.TypeOf(cmdlet));
        foreach (var name in CmdletMetadata.ShouldProcessParameters)
        {
            Assert.Equal(expected, MamlHelp.Parameters(command).Any(p => p.Name == name));
            Assert.All(MamlHelp.SyntaxItems(command), item => Assert.Equal(expected, item.Any(p => p.Name == name)));
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ParameterAttributes_MatchTheBinding(string cmdlet)
    {
        var type = CmdletMetadata.TypeOf(cmdlet);
        var declared = CmdletMetadata.DeclaredParameters(type);
        foreach (var parameter in MamlHelp.Parameters(MamlHelp.For(cmdlet)).Where(p => declared.ContainsKey(p.Name)))
        {
            // A parameter in several sets is one entry in PARAMETERS: its sets must agree for that entry to be true.
            foreach (var attribute in declared[parameter.Name])
            {
                var where = $"{cmdlet} -{parameter.Name} (help line {parameter.Line}, set {attribute.SetName})";
                Assert.True(CmdletMetadata.Required(attribute) == parameter.Required, $"{where}: required is '{parameter.Required}', the attribute says Mandatory={attribute.Mandatory}.");
                Assert.True(CmdletMetadata.Position(attribute) == parameter.Position, $"{where}: position is '{parameter.Position}', the attribute says '{CmdletMetadata.Position(attribute)}'.");
                Assert.True(CmdletMetadata.PipelineInput(attribute) == parameter.PipelineInput, $"{where}: pipelineInput is '{parameter.PipelineInput}', the attribute says '{CmdletMetadata.PipelineInput(attribute)}'.");
            }

            var property = declared[parameter.Name][0].Property;
            Assert.True(
                (CmdletMetadata.SupportsWildcards(property) ? "true" : "false") == parameter.Globbing,
                $"{cmdlet} -{parameter.Name}: globbing is '{parameter.Globbing}' but [SupportsWildcards] is {(CmdletMetadata.SupportsWildcards(property) ? "" : "not ")}there.");
            var aliases = declared[parameter.Name][0].Aliases;
            Assert.Equal(aliases.Count == 0 ? "none" : string.Join(", ", aliases), parameter.Aliases);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ParameterTypes_MatchTheProperties(string cmdlet)
    {
        var declared = CmdletMetadata.DeclaredParameters(CmdletMetadata.TypeOf(cmdlet));
        var command = MamlHelp.For(cmdlet);
        foreach (var parameter in MamlHelp.Parameters(command).Concat(MamlHelp.SyntaxItems(command).SelectMany(i => i)))
        {
            var expected = declared.TryGetValue(parameter.Name, out var attributes)
                ? attributes[0].Property.PropertyType.FullName
                : typeof(System.Management.Automation.SwitchParameter).FullName;
            Assert.True(expected == parameter.TypeName, $"{cmdlet} -{parameter.Name} (help line {parameter.Line}) is documented as {parameter.TypeName}, but is a {expected}.");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EnumParameters_ListEveryValue(string cmdlet)
    {
        var declared = CmdletMetadata.DeclaredParameters(CmdletMetadata.TypeOf(cmdlet));
        foreach (var parameter in MamlHelp.Parameters(MamlHelp.For(cmdlet)).Where(p => declared.ContainsKey(p.Name)))
        {
            var values = CmdletMetadata.EnumType(declared[parameter.Name][0].Property) is { } enumType ? Enum.GetNames(enumType) : [];
            Assert.True(values.SequenceEqual(parameter.PossibleValues), $"{cmdlet} -{parameter.Name} lists [{string.Join(", ", parameter.PossibleValues)}]; the type has [{string.Join(", ", values)}].");
            Assert.All(values, v => Assert.Contains(v, parameter.Description, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EverySyntaxItem_IsARealParameterSet(string cmdlet)
    {
        var type = CmdletMetadata.TypeOf(cmdlet);
        var command = MamlHelp.For(cmdlet);
        var sets = CmdletMetadata.ParameterSets(type);
        var items = MamlHelp.SyntaxItems(command);
        Assert.All(MamlHelp.SyntaxItemNames(command), n => Assert.Equal(cmdlet, n));

        var matched = new List<string>();
        foreach (var item in items)
        {
            var names = item.Select(p => p.Name).Where(n => !CmdletMetadata.ShouldProcessParameters.Contains(n, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);
            var set = sets.SingleOrDefault(s => s.Value.Select(p => p.Name).ToHashSet(StringComparer.Ordinal).SetEquals(names));
            Assert.True(set.Key is not null, $"{cmdlet} has a syntax item with -{string.Join(" -", names)}, which is no parameter set of the class.");
            matched.Add(set.Key);
            foreach (var parameter in item.Where(p => names.Contains(p.Name)))
            {
                var attribute = set.Value.Single(p => p.Name == parameter.Name);
                var where = $"{cmdlet} set {set.Key} -{parameter.Name} (help line {parameter.Line})";
                Assert.True(CmdletMetadata.Required(attribute) == parameter.Required, $"{where}: required is '{parameter.Required}', the attribute says Mandatory={attribute.Mandatory}.");
                Assert.True(CmdletMetadata.Position(attribute) == parameter.Position, $"{where}: position is '{parameter.Position}', the attribute says '{CmdletMetadata.Position(attribute)}'.");
                Assert.True(CmdletMetadata.PipelineInput(attribute) == parameter.PipelineInput, $"{where}: pipelineInput is '{parameter.PipelineInput}', the attribute says '{CmdletMetadata.PipelineInput(attribute)}'.");
            }
        }

        Assert.True(matched.Distinct(StringComparer.Ordinal).Count() == matched.Count, $"{cmdlet} has two syntax items for one parameter set.");
        var missing = sets.Keys.Except(matched).ToList();
        Assert.True(missing.Count == 0, $"{cmdlet} has no syntax item for its parameter set(s) {string.Join(", ", missing)}.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void DefaultParameterSet_IsTheFirstSyntaxItem(string cmdlet)
    {
        var type = CmdletMetadata.TypeOf(cmdlet);
        if (CmdletMetadata.DefaultParameterSetName(type) is not { } defaultSet)
        {
            return;
        }

        var first = MamlHelp.SyntaxItems(MamlHelp.For(cmdlet))[0].Select(p => p.Name).Where(n => !CmdletMetadata.ShouldProcessParameters.Contains(n, StringComparer.Ordinal));
        Assert.True(
            CmdletMetadata.ParameterSets(type)[defaultSet].Select(p => p.Name).ToHashSet(StringComparer.Ordinal).SetEquals(first),
            $"{cmdlet}'s first syntax item is not its default parameter set, {defaultSet}.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Examples_AreAtLeastTwo_EachWithCodeThatUsesTheCmdlet(string cmdlet)
    {
        var examples = MamlHelp.Examples(MamlHelp.For(cmdlet));
        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} example(s); write at least two.");
        Assert.All(examples, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Title), $"{cmdlet} has an example without a title.");
            Assert.False(string.IsNullOrWhiteSpace(e.Code), $"{cmdlet} example '{e.Title}' has no code.");
            Assert.False(string.IsNullOrWhiteSpace(e.Remarks), $"{cmdlet} example '{e.Title}' does not say what it does.");
            Assert.Contains(cmdlet, e.Code, StringComparison.Ordinal);
        });
        Assert.Equal(examples.Count, examples.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ExampleParameters_ExistOnTheCmdlet(string cmdlet)
    {
        var type = CmdletMetadata.TypeOf(cmdlet);
        var known = CmdletMetadata.DeclaredParameters(type).Keys
            .Concat(CmdletMetadata.DeclaredParameters(type).Values.SelectMany(a => a[0].Aliases))
            .Concat(CmdletMetadata.ShouldProcessParameters)
            .Concat(["Verbose", "ErrorAction", "WarningAction"])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var call = new Regex($@"(?<![\w-]){Regex.Escape(cmdlet)}(?![\w-])(?<arguments>[^|\n]*)", RegexOptions.CultureInvariant);
        foreach (var (title, code, _) in MamlHelp.Examples(MamlHelp.For(cmdlet)))
        {
            // Every -Name after the cmdlet, up to a pipe or the end of the line, is one of its parameters.
            foreach (Match match in call.Matches(code))
            {
                // In "(Get-X -A 1).Property -B 2", the call ends at its closing parenthesis.
                var arguments = match.Groups["arguments"].Value;
                if (match.Index > 0 && code[match.Index - 1] == '(' && arguments.IndexOf(')', StringComparison.Ordinal) is var close and >= 0)
                {
                    arguments = arguments[..close];
                }

                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var word in words.Where(w => w.Length > 1 && w[0] == '-' && char.IsLetter(w[1])))
                {
                    var name = word[1..].Split(':')[0].TrimEnd(')');
                    Assert.True(known.Contains(name), $"{cmdlet} example '{title}' uses -{name}, which {cmdlet} does not have.");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ReturnValues_NameTheDeclaredOutputTypes(string cmdlet)
    {
        var documented = MamlHelp.ReturnTypes(MamlHelp.For(cmdlet));
        foreach (var output in CmdletMetadata.OutputTypeNames(CmdletMetadata.TypeOf(cmdlet)))
        {
            Assert.True(documented.Contains(output, StringComparer.Ordinal), $"{cmdlet} declares [OutputType({output})] but its OUTPUTS section names only {string.Join(", ", documented)}.");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void InputTypes_SayWhatThePipelineTakes(string cmdlet)
    {
        var inputs = MamlHelp.InputTypes(MamlHelp.For(cmdlet));
        Assert.NotEmpty(inputs);
        var takesPipeline = CmdletParameter.Of(CmdletMetadata.TypeOf(cmdlet)).Any(p => p.FromPipeline || p.FromPipelineByPropertyName);
        Assert.True(takesPipeline != inputs.SequenceEqual(["None"]), $"{cmdlet}'s INPUTS section ({string.Join(", ", inputs)}) does not match its pipeline parameters.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void RelatedLinks_NameAboutBitsLiteAndOtherCmdlets(string cmdlet)
    {
        var links = MamlHelp.RelatedLinks(MamlHelp.For(cmdlet));
        var cmdlets = ModuleLayout.CmdletTypes.Select(ModuleLayout.CmdletName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("about_BitsLite", links);
        Assert.All(links.Where(l => l != "about_BitsLite"), l =>
        {
            Assert.True(cmdlets.Contains(l), $"{cmdlet} links to {l}, which is not a BitsLite cmdlet.");
            Assert.NotEqual(cmdlet, l);
        });
    }
}
