using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Contract;

/// <summary>
/// Checks each cmdlet as PowerShell's binder and Import-Module would, from metadata alone (there is no PowerShell
/// runtime here): approved verbs, parameter sets the binder can tell apart, unique positions, pipeline bindings
/// that fit the objects the cmdlets write, ShouldProcess on every change, declared output types.
/// </summary>
public sealed class CmdletContractTests
{
    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    // Verbs that read or wait change nothing, so they take no -WhatIf.
    private static readonly HashSet<string> ReadOnlyVerbs = new(StringComparer.Ordinal) { "Get", "Wait", "Watch" };

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var type in ModuleLayout.CmdletTypes)
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Fact]
    public void TheModule_HasTheCmdletsTheSpecNames()
    {
        var names = ModuleLayout.CmdletTypes.Select(ModuleLayout.CmdletName).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "Start-Transfer", "Get-Transfer", "Suspend-Transfer", "Resume-Transfer", "Complete-Transfer", "Remove-Transfer",
            "Set-Transfer", "Add-TransferFile", "Wait-Transfer", "Get-TransferPolicy", "Set-TransferPolicy",
            "Get-TransferHost", "Start-TransferHost", "Stop-TransferHost", "Register-TransferHost", "Unregister-TransferHost",
            "Watch-Transfer",
        ];
        Assert.Empty(expected.Except(names));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Verb_IsApproved(string cmdlet)
    {
        var verb = ModuleLayout.CmdletName(CmdletType(cmdlet)).Split('-')[0];
        Assert.Contains(verb, ApprovedVerbs());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Class_IsPublicSealedAndNamedAfterTheCmdlet(string cmdlet)
    {
        var type = CmdletType(cmdlet);
        Assert.True(type.IsSealed && type.IsPublic);
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        Assert.Equal(ModuleLayout.CmdletName(type).Replace("-", "", StringComparison.Ordinal) + "Command", type.Name);
        Assert.True(typeof(PSCmdlet).IsAssignableFrom(type));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameters_AreNotCommonParametersAndSwitchesAreSwitchParameters(string cmdlet)
    {
        foreach (var parameter in CmdletParameter.Of(CmdletType(cmdlet)))
        {
            Assert.DoesNotContain(parameter.Name, CommonParameters);
            Assert.All(parameter.Aliases, a => Assert.DoesNotContain(a, CommonParameters));
            Assert.NotEqual(typeof(bool), parameter.Property.PropertyType);
            Assert.True(parameter.Property.CanWrite && parameter.Property.SetMethod!.IsPublic, $"{parameter.Name} has no public setter");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ParameterNamesAndAliases_AreUnique(string cmdlet)
    {
        var names = CmdletParameter.Of(CmdletType(cmdlet)).GroupBy(p => p.Property).SelectMany(g => g.First().Aliases.Prepend(g.Key.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Positions_AreUniqueWithinEachParameterSet(string cmdlet) => Assert.Empty(PositionClashes(CmdletType(cmdlet)));

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ParameterSets_CanBeToldApart(string cmdlet) => Assert.Empty(IndistinctSets(CmdletType(cmdlet)));

    [Fact]
    public void TheChecks_CatchABrokenCmdlet()
    {
        var broken = typeof(SetBrokenCommand);
        Assert.Equal(["set A: X and Y at 0"], PositionClashes(broken));
        Assert.Equal(["set B has no mandatory parameter of its own"], IndistinctSets(broken));
        Assert.False(CallsShouldProcess(broken));
        Assert.True(CallsShouldProcess(typeof(BitsLite.PowerShell.Commands.SuspendTransferCommand)));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EachParameterSet_TakesAtMostOneParameterByValueFromThePipeline(string cmdlet)
    {
        foreach (var (set, parameters) in ParameterSets(CmdletType(cmdlet)))
        {
            Assert.True(parameters.Count(p => p.FromPipeline) <= 1, $"{cmdlet}, set {set}");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void PipelineByPropertyName_MatchesPropertiesOfTheObjectsTheModuleWrites(string cmdlet)
    {
        var type = CmdletType(cmdlet);
        foreach (var parameter in CmdletParameter.Of(type).Where(p => p.FromPipelineByPropertyName))
        {
            // -Source, -Destination and -ExpectedHash take file rows (Import-Csv, or a transfer's Files); the rest take transfers.
            var input = parameter.Name is "Source" or "Destination" or "ExpectedHash" ? typeof(BitsLite.TransferFile) : typeof(BitsLite.Transfer);
            var names = parameter.Aliases.Prepend(parameter.Name);
            Assert.True(names.Any(n => input.GetProperty(n) is not null), $"{cmdlet} -{parameter.Name} binds by property name, but {input.Name} has no such property");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void PipelineByValue_TakesWhatGetTransferWrites(string cmdlet)
    {
        foreach (var parameter in CmdletParameter.Of(CmdletType(cmdlet)).Where(p => p.FromPipeline))
        {
            var element = parameter.Property.PropertyType.IsArray ? parameter.Property.PropertyType.GetElementType() : parameter.Property.PropertyType;
            Assert.True(element == typeof(BitsLite.Transfer) || element == typeof(Guid), $"{cmdlet} -{parameter.Name} takes {element} from the pipeline");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void StateChanges_SupportShouldProcessAndCallIt(string cmdlet)
    {
        var type = CmdletType(cmdlet);
        var verb = ModuleLayout.CmdletName(type).Split('-')[0];
        var supports = NamedArgument<bool>(CmdletAttribute(type), nameof(System.Management.Automation.CmdletAttribute.SupportsShouldProcess));
        if (ReadOnlyVerbs.Contains(verb))
        {
            Assert.False(supports, $"{cmdlet} changes nothing and should not offer -WhatIf");
            return;
        }

        Assert.True(supports, $"{cmdlet} changes state and must support -WhatIf/-Confirm");
        Assert.True(CallsShouldProcess(type), $"{cmdlet} declares SupportsShouldProcess but never calls ShouldProcess");
    }

    [Fact]
    public void RemoveAndStopAndUnregister_AskForConfirmationAtMediumImpact()
    {
        foreach (var type in ModuleLayout.CmdletTypes.Where(t => ModuleLayout.CmdletName(t).Split('-')[0] is "Remove" or "Stop" or "Unregister"))
        {
            var impact = CmdletAttribute(type).NamedArguments.SingleOrDefault(n => n.MemberName == nameof(System.Management.Automation.CmdletAttribute.ConfirmImpact));
            Assert.Equal((int)ConfirmImpact.Medium, (int)impact.TypedValue.Value!);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void OutputType_IsDeclared(string cmdlet)
    {
        var outputs = CmdletType(cmdlet).GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute)).ToList();
        Assert.NotEmpty(outputs);
    }

    [Fact]
    public void TransferCmdlets_DeclareBitsLiteTransferAsOutput()
    {
        // Watch-Transfer writes records of changes, not transfers.
        foreach (var type in ModuleLayout.CmdletTypes.Where(t => (ModuleLayout.CmdletName(t).EndsWith("-Transfer", StringComparison.Ordinal) && ModuleLayout.CmdletName(t) != "Watch-Transfer") || ModuleLayout.CmdletName(t) == "Add-TransferFile"))
        {
            Assert.Contains(typeof(BitsLite.Transfer), DeclaredOutput(type));
        }

        Assert.Equal([typeof(BitsLite.TransferChange)], DeclaredOutput(ModuleLayout.CmdletTypes.Single(t => ModuleLayout.CmdletName(t) == "Watch-Transfer")));
    }

    private static List<object?> DeclaredOutput(Type type) => type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute))
        .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
        .Select(v => v.Value)
        .ToList();

    [Fact]
    public void OutputTypes_HaveTheNamesTheFormatFileSelects()
    {
        Assert.Equal("BitsLite.Transfer", typeof(BitsLite.Transfer).FullName);
        Assert.Equal("BitsLite.TransferFile", typeof(BitsLite.TransferFile).FullName);
        Assert.Equal("BitsLite.TransferHost", typeof(BitsLite.TransferHost).FullName);
        Assert.Equal("BitsLite.TransferChange", typeof(BitsLite.TransferChange).FullName);
    }

    [Fact]
    public void NameParameters_SupportWildcardsAndCompletion_IdParametersComplete()
    {
        foreach (var type in ModuleLayout.CmdletTypes)
        {
            foreach (var property in type.GetProperties().Where(p => p.Name is "Name" or "Id"))
            {
                var attributes = property.GetCustomAttributesData().Select(a => a.AttributeType).ToList();
                Assert.Contains(typeof(ArgumentCompleterAttribute), attributes);
                if (property.Name == "Name")
                {
                    Assert.Contains(typeof(SupportsWildcardsAttribute), attributes);
                }
            }
        }
    }

    private static List<string> PositionClashes(Type type) =>
        [.. ParameterSets(type).SelectMany(set => set.Value.Where(p => p.Position >= 0).GroupBy(p => p.Position).Where(g => g.Count() > 1)
            .Select(g => $"set {set.Key}: {string.Join(" and ", g.Select(p => p.Name))} at {g.Key}"))];

    /// <summary>
    /// The binder picks a set from the parameters given: every set but the default needs a mandatory parameter that
    /// no other set has, or two sets could both match the same command line.
    /// </summary>
    private static List<string> IndistinctSets(Type type)
    {
        var sets = ParameterSets(type);
        if (sets.Count <= 1)
        {
            return [];
        }

        var defaultSet = NamedArgument<string>(CmdletAttribute(type), nameof(System.Management.Automation.CmdletAttribute.DefaultParameterSetName));
        if (defaultSet is null || !sets.ContainsKey(defaultSet))
        {
            return [$"{sets.Count} parameter sets but no valid DefaultParameterSetName"];
        }

        return [.. sets.Where(s => s.Key != defaultSet)
            .Where(s => !s.Value.Any(p => !p.InAllSets && p.Mandatory && sets.Where(o => o.Key != s.Key).All(o => o.Value.All(q => q.Property != p.Property))))
            .Select(s => $"set {s.Key} has no mandatory parameter of its own")];
    }

    private static Type CmdletType(string name) => ModuleLayout.CmdletTypes.Single(t => t.Name == name);

    private static CustomAttributeData CmdletAttribute(Type type) =>
        type.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CmdletAttribute));

    private static T? NamedArgument<T>(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => (T?)n.TypedValue.Value).FirstOrDefault();

    /// <summary>Parameters by set, each set with the all-sets parameters added, as the binder sees them.</summary>
    private static Dictionary<string, List<CmdletParameter>> ParameterSets(Type type)
    {
        var parameters = CmdletParameter.Of(type);
        var named = parameters.Where(p => !p.InAllSets).Select(p => p.SetName).Distinct().ToList();
        if (named.Count == 0)
        {
            named.Add(CmdletParameter.AllSets);
        }

        return named.ToDictionary(s => s, s => parameters.Where(p => p.SetName == s || p.InAllSets).ToList());
    }

    /// <summary>PowerShell's approved verbs: the constants of the Verbs* classes in System.Management.Automation.</summary>
    private static HashSet<string> ApprovedVerbs() =>
        typeof(VerbsCommon).Assembly.GetExportedTypes()
            .Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal) && t.Namespace == "System.Management.Automation")
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the cmdlet's own methods (or its bases' in this module) call Cmdlet.ShouldProcess.</summary>
    private static bool CallsShouldProcess(Type type)
    {
        for (var current = type; current is not null && current.Assembly == type.Assembly; current = current.BaseType)
        {
            foreach (var method in current.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (Calls(method, "ShouldProcess"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Calls(MethodInfo method, string name)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return false;
        }

        // call (0x28) and callvirt (0x6F) take a 4-byte method token; a false match elsewhere in the IL only
        // resolves to an unrelated member or fails to resolve, so scanning every offset is safe enough for a test.
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != OpCodes.Call.Value && il[i] != (byte)OpCodes.Callvirt.Value)
            {
                continue;
            }

            try
            {
                if (method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1))?.Name == name)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                // Not a method token.
            }
        }

        return false;
    }
}

/// <summary>A cmdlet with every mistake the checks look for: two parameters at one position, a set the binder cannot pick, no ShouldProcess.</summary>
[Cmdlet(VerbsCommon.Set, "Broken", SupportsShouldProcess = true, DefaultParameterSetName = "A")]
public sealed class SetBrokenCommand : PSCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "A")]
    public string? X { get; set; }

    [Parameter(Position = 0, ParameterSetName = "A")]
    public string? Y { get; set; }

    [Parameter(ParameterSetName = "B")]
    public string? Z { get; set; }

    protected override void ProcessRecord() => WriteObject(X);
}
