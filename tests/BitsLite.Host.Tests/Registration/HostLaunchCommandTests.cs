using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class HostLaunchCommandTests
{
    [Fact]
    public void An_apphost_is_registered_alone()
    {
        var command = HostLaunchCommand.For("/opt/bits lite/bitslite-host", "/opt/bits lite/bitslite-host.dll");

        Assert.Equal("/opt/bits lite/bitslite-host", command.FileName);
        Assert.Empty(command.Arguments);
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet")]
    [InlineData("/usr/share/dotnet/DOTNET.EXE")]
    public void The_dotnet_muxer_is_registered_with_the_host_dll(string muxer)
    {
        var command = HostLaunchCommand.For(muxer, "/home/me/bitslite/bitslite-host.dll");

        Assert.Equal(muxer, command.FileName);
        Assert.Equal(["/home/me/bitslite/bitslite-host.dll"], command.Arguments);
        Assert.Equal([muxer, "/home/me/bitslite/bitslite-host.dll"], command.Words);
    }

    [Fact]
    public void A_registered_host_is_never_started_by_client()
    {
        var command = HostLaunchCommand.ForRunningHost();

        Assert.DoesNotContain("--started-by-client", command.Words);
        Assert.DoesNotContain(BitsLite.Protocol.Hosting.HostCommandLine.StartedByClient, command.Words);
    }

    [Fact]
    public void Without_a_process_path_there_is_a_clear_error()
    {
        var ex = Assert.Throws<RegistrationException>(() => HostLaunchCommand.For(null, "/x/bitslite-host.dll"));
        Assert.Contains("Cannot tell which program", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotnet_without_a_dll_on_disk_is_a_clear_error()
    {
        var ex = Assert.Throws<RegistrationException>(() => HostLaunchCommand.For("/usr/bin/dotnet", ""));
        Assert.Contains("through dotnet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_compare_by_value()
    {
        Assert.Equal(new HostLaunchCommand("/d/dotnet", ["/h.dll"]), new HostLaunchCommand("/d/dotnet", ["/h.dll"]));
        Assert.NotEqual(new HostLaunchCommand("/d/dotnet", ["/h.dll"]), new HostLaunchCommand("/d/dotnet", ["/other.dll"]));
    }
}
