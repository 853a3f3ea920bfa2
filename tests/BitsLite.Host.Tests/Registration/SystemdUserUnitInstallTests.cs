using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class SystemdUserUnitInstallTests : IDisposable
{
    private const string NoBus = "Failed to connect to bus: No medium found";

    private static readonly HostLaunchCommand Host = new("/opt/bits lite/bitslite-host", []);

    private readonly RegistrationSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Install_WritesTheUnit_ReloadsAndEnablesItNow()
    {
        var systemctl = new FakeServiceManager();
        var unit = Unit(systemctl);

        var (code, output, error) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(SystemdUserUnit.Render(Host, "/data home"), File.ReadAllText(unit.FilePath));
        Assert.StartsWith(Path.Combine(_sandbox.XdgConfig, "systemd", "user"), unit.FilePath, StringComparison.Ordinal);
        Assert.Equal(["systemctl --user daemon-reload", "systemctl --user enable --now bitslite.service"], systemctl.Calls);
        Assert.Contains("Registered and started bitslite.service", output, StringComparison.Ordinal);
        Assert.Contains("loginctl enable-linger", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallTwice_ReplacesTheFile()
    {
        var unit = Unit(new FakeServiceManager());
        var moved = new HostLaunchCommand("/usr/share/dotnet/dotnet", ["/new place/bitslite-host.dll"]);

        Assert.Equal(0, Run(RegistrationCommands.Register, unit).Code);
        Assert.Equal(0, Run(RegistrationCommands.Register, unit, moved).Code);

        Assert.Equal(SystemdUserUnit.Render(moved, "/data home"), File.ReadAllText(unit.FilePath));
        Assert.Equal(["bitslite.service"], Directory.GetFiles(Path.GetDirectoryName(unit.FilePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void WithoutSystemctl_TheFileIsWritten_AndTheUserIsToldWhatToRun()
    {
        var unit = Unit(FakeServiceManager.Missing());

        var (code, output, _) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(0, code);
        Assert.True(File.Exists(unit.FilePath));
        Assert.Contains("systemctl was not found", output, StringComparison.Ordinal);
        Assert.Contains("systemctl --user daemon-reload", output, StringComparison.Ordinal);
        Assert.Contains("systemctl --user enable --now bitslite.service", output, StringComparison.Ordinal);
        Assert.Contains("loginctl enable-linger", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAUserBus_TheUnitIsEnabledForTheNextLogon()
    {
        var systemctl = new FakeServiceManager(line => line.EndsWith("daemon-reload", StringComparison.Ordinal) ? ServiceManagerResult.Exited(1, error: NoBus) : null);
        var unit = Unit(systemctl);

        var (code, output, _) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(0, code);
        Assert.Equal(["systemctl --user daemon-reload", "systemctl --user enable bitslite.service"], systemctl.Calls);
        Assert.Contains("starts at your next logon", output, StringComparison.Ordinal);
        Assert.Contains(NoBus, output, StringComparison.Ordinal);
        Assert.Contains("systemctl --user start bitslite.service", output, StringComparison.Ordinal);
        Assert.Contains("loginctl enable-linger", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceManagerFailure_IsOneClearLine_AndANonZeroResult()
    {
        var systemctl = new FakeServiceManager(line => line.Contains("enable --now", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(1, error: "Failed to enable unit: Unit file bitslite.service is masked.\n")
            : null);
        var unit = Unit(systemctl);

        var (code, _, error) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(1, code);
        Assert.Equal(
            $"bitslite-host register: Wrote {unit.FilePath}, but `systemctl --user enable --now bitslite.service` failed (exit code 1): Failed to enable unit: Unit file bitslite.service is masked.",
            error.TrimEnd('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceManagerThatHangs_IsReportedAsSuch()
    {
        var unit = Unit(new FakeServiceManager(_ => ServiceManagerResult.TimedOut(TimeSpan.FromSeconds(30))));

        var (code, _, error) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(1, code);
        Assert.Contains("`systemctl --user daemon-reload` did not finish (no answer within 30 s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigDirectoryThatCannotBeWritten_IsOneClearLine()
    {
        // A file where the directory should be: the write fails the same way for root and for users.
        File.WriteAllText(Path.Combine(_sandbox.Root, "not a directory"), "");
        var unit = new SystemdUserUnit(_sandbox.Context(xdgConfigHome: Path.Combine(_sandbox.Root, "not a directory")), new FakeServiceManager());

        var (code, _, error) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(1, code);
        Assert.StartsWith("bitslite-host register: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void UninstallWhenNotRegistered_Succeeds_AndSaysSo()
    {
        var systemctl = new FakeServiceManager();

        var (code, output, error) = Run(RegistrationCommands.Unregister, Unit(systemctl));

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Not registered", output, StringComparison.Ordinal);
        Assert.Empty(systemctl.Calls);
    }

    [Fact]
    public void Uninstall_DisablesStopsAndRemovesTheUnit()
    {
        var systemctl = new FakeServiceManager();
        var unit = Unit(systemctl);
        Run(RegistrationCommands.Register, unit);
        systemctl.Calls.Clear();

        var (code, output, _) = Run(RegistrationCommands.Unregister, unit);

        Assert.Equal(0, code);
        Assert.False(File.Exists(unit.FilePath));
        Assert.Equal(["systemctl --user disable --now bitslite.service", "systemctl --user daemon-reload"], systemctl.Calls);
        Assert.Contains("Unregistered", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UninstallWithoutAUserBus_DisablesOffline_AndRemovesTheUnit()
    {
        var systemctl = new FakeServiceManager(line => line.Contains("--now", StringComparison.Ordinal) ? ServiceManagerResult.Exited(1, error: NoBus) : null);
        var unit = Unit(systemctl);
        Run(RegistrationCommands.Register, unit);
        systemctl.Calls.Clear();

        var (code, output, _) = Run(RegistrationCommands.Unregister, unit);

        Assert.Equal(0, code);
        Assert.False(File.Exists(unit.FilePath));
        Assert.Equal(["systemctl --user disable --now bitslite.service", "systemctl --user disable bitslite.service"], systemctl.Calls);
        Assert.Contains("keeps running until you log out", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UninstallWithoutSystemctl_RemovesTheUnitAndItsWantsLink()
    {
        var unit = Unit(FakeServiceManager.Missing());
        Run(RegistrationCommands.Register, unit);
        var wants = Path.Combine(Path.GetDirectoryName(unit.FilePath)!, "default.target.wants", "bitslite.service");
        Directory.CreateDirectory(Path.GetDirectoryName(wants)!);
        File.CreateSymbolicLink(wants, unit.FilePath);

        Assert.Equal(0, Run(RegistrationCommands.Unregister, unit).Code);

        Assert.False(File.Exists(unit.FilePath));
        Assert.False(RegistrationFile.Exists(wants));
    }

    [Fact]
    public void AFailedUninstall_KeepsTheFile_AndReturnsNonZero()
    {
        var systemctl = new FakeServiceManager(line => line.Contains("disable", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(1, error: "Failed to disable unit: Access denied")
            : null);
        var unit = Unit(systemctl);
        Run(RegistrationCommands.Register, unit);

        var (code, _, error) = Run(RegistrationCommands.Unregister, unit);

        Assert.Equal(1, code);
        Assert.True(File.Exists(unit.FilePath));
        Assert.Contains("Could not unregister: `systemctl --user disable --now bitslite.service` failed (exit code 1): Failed to disable unit: Access denied.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_WhenNotRegistered_SaysSo()
    {
        var unit = Unit(new FakeServiceManager());

        var status = unit.Status(Host);
        var (code, output, _) = Run(RegistrationCommands.Show, unit);

        Assert.False(status.Registered);
        Assert.Equal(unit.FilePath, status.FilePath);
        Assert.Equal(0, code);
        Assert.Contains("Registered: no", output, StringComparison.Ordinal);
        Assert.Contains(unit.FilePath, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_ReportsWhatSystemdSays()
    {
        var unit = Unit(new FakeServiceManager(line => line switch
        {
            _ when line.Contains("is-enabled", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, "enabled\n"),
            _ when line.Contains("is-active", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, "active\n"),
            _ => null,
        }));
        unit.Install(Host);

        var status = unit.Status(Host);
        var (_, output, _) = Run(RegistrationCommands.Show, unit);

        Assert.Equal(new RegistrationStatus(true, unit.FilePath, true, true, status.Message) { UpToDate = true }, status);
        Assert.Equal("Registered: the systemd user service bitslite.service is enabled and running.", status.Message);
        Assert.Contains("Enabled:    yes", output, StringComparison.Ordinal);
        Assert.Contains("Running:    yes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ADisabledUnitWithoutAUserBus_IsReportedDisabled()
    {
        var unit = Unit(new FakeServiceManager(line => line switch
        {
            _ when line.Contains("is-enabled", StringComparison.Ordinal) => ServiceManagerResult.Exited(1, "disabled\n"),
            _ when line.Contains("is-active", StringComparison.Ordinal) => ServiceManagerResult.Exited(1, error: NoBus),
            _ => null,
        }));
        unit.Install(Host);

        var status = unit.Status(Host);

        Assert.True(status.Registered);
        Assert.False(status.Enabled);
        Assert.Null(status.Active);
        Assert.Contains("disabled", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusWithoutSystemctl_IsUnknown_AndNoticesAMovedHost()
    {
        var unit = Unit(FakeServiceManager.Missing());
        unit.Install(Host);

        var status = unit.Status(new HostLaunchCommand("/elsewhere/bitslite-host", []));
        var (_, output, _) = Run(RegistrationCommands.Show, unit, new HostLaunchCommand("/elsewhere/bitslite-host", []));

        Assert.True(status.Registered);
        Assert.Null(status.Enabled);
        Assert.Null(status.Active);
        Assert.False(status.UpToDate);
        Assert.Contains("cannot be asked", status.Message, StringComparison.Ordinal);
        Assert.Contains("run it again to update it", status.Message, StringComparison.Ordinal);
        Assert.Contains("Enabled:    unknown", output, StringComparison.Ordinal);
    }

    private SystemdUserUnit Unit(IServiceManagerRunner runner) =>
        new(_sandbox.Context(xdgConfigHome: _sandbox.XdgConfig, bitsLiteHome: "/data home"), runner);

    private static (int Code, string Output, string Error) Run(string verb, LogonRegistration registration, HostLaunchCommand? host = null) =>
        RegistrationInvocation.Run(verb, registration, host ?? Host);
}
