using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class SystemdUserUnitInstallTests : IDisposable
{
    private const string NoBus = "Failed to connect to bus: No medium found";

    private static readonly HostLaunchCommand Host = new("/opt/bits lite/bitslite-host", []);

    private readonly RegistrationSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Install_writes_the_unit_reloads_and_enables_it_now()
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
    public void Install_twice_replaces_the_file()
    {
        var unit = Unit(new FakeServiceManager());
        var moved = new HostLaunchCommand("/usr/share/dotnet/dotnet", ["/new place/bitslite-host.dll"]);

        Assert.Equal(0, Run(RegistrationCommands.Register, unit).Code);
        Assert.Equal(0, Run(RegistrationCommands.Register, unit, moved).Code);

        Assert.Equal(SystemdUserUnit.Render(moved, "/data home"), File.ReadAllText(unit.FilePath));
        Assert.Equal(["bitslite.service"], Directory.GetFiles(Path.GetDirectoryName(unit.FilePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Without_systemctl_the_file_is_written_and_the_user_is_told_what_to_run()
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
    public void Without_a_user_bus_the_unit_is_enabled_for_the_next_logon()
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
    public void A_service_manager_failure_is_one_clear_line_and_a_non_zero_result()
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
    public void A_service_manager_that_hangs_is_reported_as_such()
    {
        var unit = Unit(new FakeServiceManager(_ => ServiceManagerResult.TimedOut(TimeSpan.FromSeconds(30))));

        var (code, _, error) = Run(RegistrationCommands.Register, unit);

        Assert.Equal(1, code);
        Assert.Contains("`systemctl --user daemon-reload` did not finish (no answer within 30 s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_directory_that_cannot_be_written_is_one_clear_line()
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
    public void Uninstall_when_not_registered_succeeds_and_says_so()
    {
        var systemctl = new FakeServiceManager();

        var (code, output, error) = Run(RegistrationCommands.Unregister, Unit(systemctl));

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Not registered", output, StringComparison.Ordinal);
        Assert.Empty(systemctl.Calls);
    }

    [Fact]
    public void Uninstall_disables_stops_and_removes_the_unit()
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
    public void Uninstall_without_a_user_bus_disables_offline_and_removes_the_unit()
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
    public void Uninstall_without_systemctl_removes_the_unit_and_its_wants_link()
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
    public void A_failed_uninstall_keeps_the_file_and_returns_non_zero()
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
    public void Status_when_not_registered()
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
    public void Status_reports_what_systemd_says()
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
    public void Status_of_a_disabled_unit_without_a_user_bus()
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
    public void Status_without_systemctl_is_unknown_and_notices_a_moved_host()
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
