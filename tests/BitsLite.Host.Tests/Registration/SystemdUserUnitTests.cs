using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class SystemdUserUnitTests
{
    private static readonly HostLaunchCommand Apphost = new("/opt/bits lite/bitslite-host", []);

    [Fact]
    public void TheUnit_HasEveryRequiredSetting()
    {
        var unit = SystemdUserUnit.Render(Apphost, bitsLiteHome: null);
        var lines = unit.Split('\n');

        Assert.Equal(["[Unit]", "[Service]", "[Install]"], lines.Where(l => l.StartsWith('[')));
        Assert.Contains("Description=BitsLite background transfer host", lines);
        Assert.Contains("Type=simple", lines);
        Assert.Contains("ExecStart=\"/opt/bits lite/bitslite-host\"", lines);
        Assert.Contains("Restart=on-failure", lines);
        Assert.Contains("RestartSec=10", lines);
        Assert.Contains("SuccessExitStatus=3", lines);
        Assert.Contains("WantedBy=default.target", lines);
        Assert.DoesNotContain("--started-by-client", unit, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', unit);
    }

    [Fact]
    public void AHostThatFindsAnotherHostRunning_ExitsWithTheCodeTheUnitTreatsAsSuccess()
    {
        Assert.Contains($"SuccessExitStatus={BitsLite.Protocol.Hosting.HostCommandLine.ExitAlreadyRunning}", SystemdUserUnit.Render(Apphost, bitsLiteHome: null).Split('\n'));
    }

    [Fact]
    public void BitsLiteHome_IsPropagatedOnlyWhenSet()
    {
        Assert.DoesNotContain("Environment=", SystemdUserUnit.Render(Apphost, null), StringComparison.Ordinal);
        Assert.DoesNotContain("Environment=", SystemdUserUnit.Render(Apphost, ""), StringComparison.Ordinal);

        var unit = SystemdUserUnit.Render(Apphost, "/srv/bits lite/100%/$HOME");

        // % is a specifier everywhere; $ is taken literally in Environment= (no substitution there).
        Assert.Contains("\nEnvironment=\"BITSLITE_HOME=/srv/bits lite/100%%/$HOME\"\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDotnetMuxerAndTheDll_AreSeparateQuotedWords()
    {
        var command = new HostLaunchCommand("/usr/share/dotnet/dotnet", ["/home/me/my tools/bitslite-host.dll"]);

        Assert.Equal("\"/usr/share/dotnet/dotnet\" \"/home/me/my tools/bitslite-host.dll\"", SystemdUserUnit.ExecStart(command));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("100%", "\"100%%\"")]
    [InlineData("$HOME and ${X}", "\"$$HOME and $${X}\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\back\slash\", "\"C:\\\\back\\\\slash\\\\\"")]
    [InlineData("it's; a & b", "\"it's; a & b\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("bell\u0007", "\"bell\\x07\"")]
    [InlineData("", "\"\"")]
    public void Arguments_AreQuotedAndEscapedForSystemd(string argument, string expected)
    {
        Assert.Equal(expected, SystemdUserUnit.Quote(argument, escapeDollar: true));
    }

    [Fact]
    public void TheExecutable_KeepsItsDollarSignsLiteral_AndDoublesItsPercentSigns()
    {
        var command = new HostLaunchCommand("/opt/a$b/50%/bitslite-host", ["$x"]);

        Assert.Equal("\"/opt/a$b/50%%/bitslite-host\" \"$$x\"", SystemdUserUnit.ExecStart(command));
    }

    [Theory]
    [InlineData("/opt/it's/bitslite-host")]
    [InlineData("/opt/say \"x\"/bitslite-host")]
    [InlineData("/opt/back\\slash/bitslite-host")]
    [InlineData("/opt/new\nline/bitslite-host")]
    public void AnExecutablePathSystemdRefuses_IsAClearError(string path)
    {
        var ex = Assert.Throws<RegistrationException>(() => SystemdUserUnit.Render(new HostLaunchCommand(path, []), null));

        Assert.Contains("systemd cannot run a program whose path contains", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnit_GoesUnderXdgConfigHome_WhenItIsAbsolute()
    {
        using var sandbox = new RegistrationSandbox();

        var unit = new SystemdUserUnit(sandbox.Context(xdgConfigHome: sandbox.XdgConfig), new FakeServiceManager());

        Assert.Equal(Path.Combine(sandbox.XdgConfig, "systemd", "user", "bitslite.service"), unit.FilePath);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/config")]
    public void TheUnit_GoesUnderHomeDotConfig_Otherwise(string? xdgConfigHome)
    {
        using var sandbox = new RegistrationSandbox();

        var unit = new SystemdUserUnit(sandbox.Context(xdgConfigHome: xdgConfigHome), new FakeServiceManager());

        Assert.Equal(Path.Combine(sandbox.Home, ".config", "systemd", "user", "bitslite.service"), unit.FilePath);
    }
}
