using BitsLite.Engine.Transport;
using BitsLite.Protocol.Errors;

namespace BitsLite.Engine.Tests.Transport;

public class OverrideProxyTests
{
    [Theory]
    [InlineData("files.example.com", "http://files.example.com/a", true)]
    [InlineData("FILES.example.com", "http://files.EXAMPLE.com/a", true)]
    [InlineData("files.example.com:8080", "http://files.example.com:9999/a", true)]
    [InlineData("http://files.example.com", "https://files.example.com/a", true)]
    [InlineData("files.example.com", "http://other.example.com/a", false)]
    [InlineData("*.example.com", "http://deep.files.example.com/a", true)]
    [InlineData("*.example.com", "http://example.com/a", false)]
    [InlineData(".example.com", "http://files.example.com/a", true)]
    [InlineData(".example.com", "http://badexample.com/a", false)]
    [InlineData("10.0.*", "http://10.0.3.4/a", true)]
    [InlineData("10.0.*", "http://10.1.3.4/a", false)]
    [InlineData("<local>", "http://intranet/a", true)]
    [InlineData("<local>", "http://intranet.corp/a", false)]
    [InlineData("<local>", "http://10.0.0.1/a", false)]
    [InlineData("[::1]:80", "http://[::1]:8080/a", true)]
    public void IsBypassed_MatchesHostsAsBitsDoes_IgnoringPorts(string entry, string url, bool bypassed)
    {
        var proxy = new OverrideProxy(["proxy.test:3128"], [entry]);

        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(url)));
    }

    [Fact]
    public void GetProxy_IsTheFirstProxy_UntilItFails_ThenTheNextInOrder_WrappingAround()
    {
        var proxy = new OverrideProxy(["one.test:1", "http://two.test:2", "three.test:3"], []);
        var target = new Uri("http://files.test/a");

        Assert.Equal(new Uri("http://one.test:1/"), proxy.GetProxy(target));
        proxy.FailOver(new Uri("http://one.test:1/"));
        Assert.Equal(new Uri("http://two.test:2/"), proxy.GetProxy(target));
        proxy.FailOver(new Uri("http://two.test:2/"));
        proxy.FailOver(new Uri("http://three.test:3/"));
        Assert.Equal(new Uri("http://one.test:1/"), proxy.GetProxy(target));
    }

    [Fact]
    public void FailOver_OfAProxyAnotherRequestAlreadyLeft_ChangesNothing()
    {
        var proxy = new OverrideProxy(["one.test:1", "two.test:2", "three.test:3"], []);
        proxy.FailOver(new Uri("http://one.test:1/"));

        proxy.FailOver(new Uri("http://one.test:1/"));

        Assert.Equal(new Uri("http://two.test:2/"), proxy.Current);
    }

    [Fact]
    public void AnInvalidProxyEntry_IsRefused()
    {
        var ex = Assert.Throws<TransferException>(() => new OverrideProxy(["ftp://proxy.test:21"], []));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
    }
}
