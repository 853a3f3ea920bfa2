namespace BitsLite.Testing.Naming;

// Compiled into every test project (Directory.Build.targets), so that a new project is held to the style too.
public sealed class TestNamingTests
{
    [Fact]
    public void EveryTestInThisProject_IsNamedAsASentenceOfPascalCaseSegments()
    {
        var assembly = typeof(TestNamingTests).Assembly;
        Assert.Contains(TestNameStyle.TestMethods(assembly), method => method.Name == nameof(EveryTestInThisProject_IsNamedAsASentenceOfPascalCaseSegments));

        var offenders = TestNameStyle.Offenders(assembly);

        Assert.True(offenders.Count == 0,
            $"{offenders.Count} test(s) of {assembly.GetName().Name} are not named as a sentence of PascalCase segments "
            + $"({TestNameStyle.Pattern}, e.g. ASlowButSteadyResponse_IsNotMistakenForAStall):{Environment.NewLine}"
            + string.Join(Environment.NewLine, offenders));
    }
}
