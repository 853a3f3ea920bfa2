using BitsLite.UploadServer;

namespace BitsLite.Server.Tests.UploadServer;

public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.2:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("https://LOCALHOST:8443", true)]
    [InlineData("http://unix:/run/bitslite-upload.sock", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://uploads.example.com:8080", false)]
    public void OnlyLoopbackAddressesAndUnixSockets_CountAsReachableFromThisMachineOnly(string address, bool loopback)
    {
        Assert.Equal(loopback, ListenAddresses.IsLoopback(address));
    }

    [Fact]
    public void TheWarning_IsOneLine_NamingEveryAddressOtherMachinesCanReach()
    {
        Assert.Null(ListenAddresses.Warning(["http://127.0.0.1:8080", "http://[::1]:8080"]));
        var warning = ListenAddresses.Warning(["http://127.0.0.1:8080", "http://0.0.0.0:8080", "http://[::]:8080"]);

        Assert.NotNull(warning);
        Assert.DoesNotContain('\n', warning);
        Assert.Contains("http://0.0.0.0:8080, http://[::]:8080,", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", warning, StringComparison.Ordinal);
    }
}
