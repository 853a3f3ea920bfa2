using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class HostLaunchCommandTests
{
    [Fact]
    public void AnAppHost_IsRegisteredAlone()
    {
        var command = HostLaunchCommand.For("/opt/bits lite/bitslite-host", "/opt/bits lite/bitslite-host.dll");

        Assert.Equal("/opt/bits lite/bitslite-host", command.FileName);
        Assert.Empty(command.Arguments);
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet")]
    [InlineData("/usr/share/dotnet/DOTNET.EXE")]
    public void TheDotnetMuxer_IsRegisteredWithTheHostDll(string muxer)
    {
        var command = HostLaunchCommand.For(muxer, "/home/me/bitslite/bitslite-host.dll");

        Assert.Equal(muxer, command.FileName);
        Assert.Equal(["/home/me/bitslite/bitslite-host.dll"], command.Arguments);
        Assert.Equal([muxer, "/home/me/bitslite/bitslite-host.dll"], command.Words);
    }

    [Fact]
    public void ARegisteredHost_NeverCarriesStartedByClient()
    {
        var command = HostLaunchCommand.ForRunningHost();

        Assert.DoesNotContain("--started-by-client", command.Words);
        Assert.DoesNotContain(BitsLite.Protocol.Hosting.HostCommandLine.StartedByClient, command.Words);
    }

    [Fact]
    public void WithoutAProcessPath_ThereIsAClearError()
    {
        var ex = Assert.Throws<RegistrationException>(() => HostLaunchCommand.For(null, "/x/bitslite-host.dll"));
        Assert.Contains("Cannot tell which program", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DotnetWithoutADllOnDisk_IsAClearError()
    {
        var ex = Assert.Throws<RegistrationException>(() => HostLaunchCommand.For("/usr/bin/dotnet", ""));
        Assert.Contains("through dotnet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_CompareByValue()
    {
        Assert.Equal(new HostLaunchCommand("/d/dotnet", ["/h.dll"]), new HostLaunchCommand("/d/dotnet", ["/h.dll"]));
        Assert.NotEqual(new HostLaunchCommand("/d/dotnet", ["/h.dll"]), new HostLaunchCommand("/d/dotnet", ["/other.dll"]));
    }
}
