using BitsLite.Engine.Throttling;
using BitsLite.Host.Hosting;

namespace BitsLite.Host.Tests.Hosting;

public class BackoffVariablesTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void WithoutVariables_TheEngineDefaultsHold() =>
        Assert.Equal(new BackgroundBackoffOptions(), BackoffVariables.Parse(Environment()));

    [Fact]
    public void EachVariable_SetsItsSetting()
    {
        var options = BackoffVariables.Parse(Environment(
            (BackoffVariables.Enabled, "off"), (BackoffVariables.Target, "60"), (BackoffVariables.Gain, "0.5"), (BackoffVariables.Floor, "64k")));

        Assert.Equal(new BackgroundBackoffOptions { Enabled = false, Target = TimeSpan.FromMilliseconds(60), Gain = 0.5, Floor = 64 * 1024 }, options);
        Assert.True(BackoffVariables.Parse(Environment((BackoffVariables.Enabled, "ON"))).Enabled);
        Assert.Equal(2 * 1024 * 1024, BackoffVariables.Parse(Environment((BackoffVariables.Floor, "2M"))).Floor);
    }

    [Theory]
    [InlineData(BackoffVariables.Enabled, "maybe")]
    [InlineData(BackoffVariables.Target, "soon")]
    [InlineData(BackoffVariables.Target, "250")]
    [InlineData(BackoffVariables.Gain, "2")]
    [InlineData(BackoffVariables.Floor, "10")]
    public void BadValues_AreRefused_NamingTheVariable(string name, string value)
    {
        var ex = Assert.Throws<FormatException>(() => BackoffVariables.Parse(Environment((name, value))));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHostsArguments_CarryTheBackoff()
    {
        var arguments = HostArguments.Parse([], Environment((BackoffVariables.Target, "40")));

        Assert.Equal(TimeSpan.FromMilliseconds(40), arguments.Backoff.Target);
    }
}
