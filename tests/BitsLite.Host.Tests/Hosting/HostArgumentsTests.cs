using BitsLite.Host.Hosting;

namespace BitsLite.Host.Tests.Hosting;

public class HostArgumentsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void AHostStartedByHand_NeverExitsWhenIdle() =>
        Assert.Null(HostArguments.Parse([], NoEnvironment).IdleTimeout);

    [Fact]
    public void AHostStartedByAClient_ExitsAfterFiveIdleMinutes()
    {
        var arguments = HostArguments.Parse(["--started-by-client"], NoEnvironment);

        Assert.True(arguments.StartedByClient);
        Assert.Equal(TimeSpan.FromMinutes(5), arguments.IdleTimeout);
    }

    [Fact]
    public void TheArgument_WinsOverTheEnvironment_AndZeroMeansNever()
    {
        Func<string, string?> environment = name => name == HostArguments.IdleTimeoutVariable ? "30" : null;

        Assert.Equal(TimeSpan.FromSeconds(30), HostArguments.Parse(["--started-by-client"], environment).IdleTimeout);
        Assert.Null(HostArguments.Parse([], environment).IdleTimeout); // a registered host ignores the variable
        Assert.Equal(TimeSpan.FromSeconds(1.5), HostArguments.Parse(["--idle-timeout", "1.5"], environment).IdleTimeout);
        Assert.Null(HostArguments.Parse(["--started-by-client", "--idle-timeout", "0"], environment).IdleTimeout);
    }

    [Theory]
    [InlineData("--idle-timeout", "soon")]
    [InlineData("--idle-timeout", "-1")]
    [InlineData("--frobnicate")]
    [InlineData("--idle-timeout")]
    public void BadArguments_AreRefusedWithTheReason(params string[] args)
    {
        var ex = Assert.Throws<FormatException>(() => HostArguments.Parse(args, NoEnvironment));

        Assert.Matches("idle timeout|Unknown argument|needs a number", ex.Message);
    }
}
