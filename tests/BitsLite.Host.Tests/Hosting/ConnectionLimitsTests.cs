using BitsLite.Host.Hosting;

namespace BitsLite.Host.Tests.Hosting;

public class ConnectionLimitsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void WithoutVariables_64ConnectionsPerUser_30SecondsPerRequest_And32MiBOfRequestsArriving()
    {
        var limits = ConnectionLimits.Parse(Environment());

        Assert.Equal(64, limits.MaxConnectionsPerUser);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.FrameTimeout);
        Assert.Equal(32 * 1024 * 1024, limits.PendingRequestBytes);
        Assert.Equal(limits, HostArguments.Parse([], Environment()).Connections);
    }

    [Fact]
    public void TheVariables_SetTheirLimits_ForAnyHost()
    {
        var environment = Environment((ConnectionLimits.MaxConnectionsVariable, "8"), (ConnectionLimits.FrameTimeoutVariable, "2.5"));

        var limits = HostArguments.Parse([], environment).Connections;

        Assert.Equal(8, limits.MaxConnectionsPerUser);
        Assert.Equal(TimeSpan.FromSeconds(2.5), limits.FrameTimeout);
    }

    [Theory]
    [InlineData(ConnectionLimits.MaxConnectionsVariable, "0")]
    [InlineData(ConnectionLimits.MaxConnectionsVariable, "many")]
    [InlineData(ConnectionLimits.MaxConnectionsVariable, "5000")]
    [InlineData(ConnectionLimits.FrameTimeoutVariable, "0")]
    [InlineData(ConnectionLimits.FrameTimeoutVariable, "soon")]
    public void BadValues_AreRefused_NamingTheVariable(string name, string value)
    {
        var ex = Assert.Throws<FormatException>(() => ConnectionLimits.Parse(Environment((name, value))));

        Assert.StartsWith(name, ex.Message, StringComparison.Ordinal);
    }
}
