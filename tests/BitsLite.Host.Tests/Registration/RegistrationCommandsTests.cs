using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class RegistrationCommandsTests
{
    [Theory]
    [InlineData("enroll")]
    [InlineData("Register")]
    [InlineData("")]
    public void AnUnknownVerb_IsAUsageError_ThatTouchesNothing(string verb)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // The public entry point, with a data root that must stay untouched: an unknown verb stops before anything runs.
        var code = RegistrationCommands.Run(verb, "/nonexistent/bitslite data", output, error);

        Assert.Equal(2, code);
        Assert.Equal("", output.ToString());
        Assert.Equal($"bitslite-host: unknown registration command '{verb}'; use register, unregister or registration.", error.ToString().TrimEnd('\n'));
    }

    [Fact]
    public void AHostThatCannotBeTold_IsOneClearLine()
    {
        using var sandbox = new RegistrationSandbox();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var unit = new SystemdUserUnit(sandbox.Context(), new FakeServiceManager());

        var code = RegistrationCommands.Run(RegistrationCommands.Register, unit, () => HostLaunchCommand.For(null, null), output, error);

        Assert.Equal(1, code);
        Assert.StartsWith("bitslite-host register: Cannot tell which program runs this host", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(unit.FilePath));
    }

    [Fact]
    public void Status_StillWorks_WhenTheHostCannotBeTold()
    {
        using var sandbox = new RegistrationSandbox();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var unit = new SystemdUserUnit(sandbox.Context(), FakeServiceManager.Missing());
        unit.Install(new HostLaunchCommand("/opt/bitslite-host", []));

        var code = RegistrationCommands.Run(RegistrationCommands.Show, unit, () => HostLaunchCommand.For(null, null), output, error);

        Assert.Equal(0, code);
        Assert.Contains("Registered: yes", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    [Theory]
    [InlineData(BitsLite.Protocol.Locations.HostPlatform.Linux, typeof(SystemdUserUnit))]
    [InlineData(BitsLite.Protocol.Locations.HostPlatform.MacOS, typeof(LaunchAgent))]
    [InlineData(BitsLite.Protocol.Locations.HostPlatform.Windows, typeof(WindowsLogonTask))]
    public void EachPlatform_GetsItsServiceManager(BitsLite.Protocol.Locations.HostPlatform platform, Type expected)
    {
        using var sandbox = new RegistrationSandbox();

        Assert.IsType(expected, LogonRegistration.For(platform, sandbox.Context(), new FakeServiceManager()));
    }
}
