using System.Globalization;
using System.Text;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Host.Registration;

/// <summary>
/// Linux: a systemd user unit, <c>$XDG_CONFIG_HOME/systemd/user/bitslite.service</c> (default
/// <c>~/.config</c>), enabled with <c>systemctl --user enable --now</c>. Without a reachable user manager
/// (a container, an SSH session without a user bus) the unit is still written and enabled for the next
/// logon where possible, and the result says what to run.
/// </summary>
internal sealed class SystemdUserUnit(RegistrationContext context, IServiceManagerRunner runner) : LogonRegistration(runner)
{
    public const string UnitName = "bitslite.service";

    /// <summary>Seconds systemd waits before restarting a host that failed.</summary>
    public const int RestartSeconds = 10;

    private const string Systemctl = "systemctl";

    public override string FilePath => Path.Combine(ConfigDirectory(context), "systemd", "user", UnitName);

    /// <summary>The link <c>systemctl enable</c> makes (removed by hand when systemctl is gone).</summary>
    private string WantsLink => Path.Combine(ConfigDirectory(context), "systemd", "user", "default.target.wants", UnitName);

    private static string LingerNote =>
        "To start the host at boot, before you log in, run once: loginctl enable-linger";

    /// <summary>XDG_CONFIG_HOME when it is absolute (the XDG spec says to ignore it otherwise), else ~/.config.</summary>
    public static string ConfigDirectory(RegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !string.IsNullOrEmpty(context.XdgConfigHome) && Path.IsPathFullyQualified(context.XdgConfigHome)
            ? context.XdgConfigHome
            : Path.Combine(context.HomeDirectory, ".config");
    }

    /// <summary>The unit file's text for <paramref name="command"/>; BITSLITE_HOME is set only when <paramref name="bitsLiteHome"/> is.</summary>
    /// <exception cref="RegistrationException">The program's path cannot be written in a unit (systemd refuses some characters).</exception>
    public static string Render(HostLaunchCommand command, string? bitsLiteHome)
    {
        ArgumentNullException.ThrowIfNull(command);
        var unit = new StringBuilder();
        unit.Append("# Written by `bitslite-host register`; `bitslite-host unregister` removes it.\n");
        unit.Append("[Unit]\n");
        unit.Append("Description=BitsLite background transfer host\n");
        unit.Append('\n');
        unit.Append("[Service]\n");
        unit.Append("Type=simple\n");
        unit.Append("ExecStart=").Append(ExecStart(command)).Append('\n');
        if (!string.IsNullOrEmpty(bitsLiteHome))
        {
            unit.Append("Environment=").Append(Quote(BitsLitePaths.HomeVariable + "=" + bitsLiteHome, escapeDollar: false)).Append('\n');
        }

        unit.Append("Restart=on-failure\n");
        unit.Append(CultureInfo.InvariantCulture, $"RestartSec={RestartSeconds}\n");
        unit.Append("# Exit code 3: another host already serves this user; not a failure to restart over and over.\n");
        unit.Append(CultureInfo.InvariantCulture, $"SuccessExitStatus={HostCommandLine.ExitAlreadyRunning}\n");
        unit.Append('\n');
        unit.Append("[Install]\n");
        unit.Append("WantedBy=default.target\n");
        return unit.ToString();
    }

    /// <summary>The ExecStart= value: every word double-quoted and escaped (paths may hold spaces, %, $ and quotes).</summary>
    /// <exception cref="RegistrationException">The program's path holds a character systemd refuses in an executable name.</exception>
    public static string ExecStart(HostLaunchCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // systemd rejects executable names with quotes, backslashes or control characters whatever the escaping
        // ("Executable name contains special characters"); no unit can run such a path, so say so now.
        if (command.FileName.Any(c => c is '"' or '\'' or '\\' || char.IsControl(c)))
        {
            throw new RegistrationException(
                $"systemd cannot run a program whose path contains quotes, backslashes or control characters: '{command.FileName}'. Install BitsLite in another directory and register again.");
        }

        // The executable is taken literally (no $VAR substitution there), so only its arguments double their $.
        var words = new List<string> { Quote(command.FileName, escapeDollar: false) };
        words.AddRange(command.Arguments.Select(argument => Quote(argument, escapeDollar: true)));
        return string.Join(' ', words);
    }

    /// <summary>
    /// One double-quoted word as systemd reads it: C escapes for backslash, quote and control characters,
    /// %% for a literal % (specifiers are expanded inside quotes too), and $$ for a literal $ where
    /// systemd substitutes environment variables (command arguments, not Environment= values).
    /// </summary>
    public static string Quote(string value, bool escapeDollar)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '%' => quoted.Append("%%"),
                '$' when escapeDollar => quoted.Append("$$"),
                '\n' => quoted.Append(@"\n"),
                '\t' => quoted.Append(@"\t"),
                '\r' => quoted.Append(@"\r"),
                _ when char.IsControl(c) && c < 0x100 => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    public override RegistrationResult Install(HostLaunchCommand command)
    {
        var text = Render(command, context.BitsLiteHome);
        RegistrationFile.Write(FilePath, text, RegistrationFile.Utf8);
        var wrote = $"Wrote {FilePath}";

        var reload = Run("daemon-reload");
        if (reload.Outcome == ServiceManagerOutcome.NotFound)
        {
            return RegistrationResult.Success(
                $"{wrote}, but systemctl was not found, so nothing enabled it.",
                "On a system with systemd, enable and start it with:",
                "  systemctl --user daemon-reload",
                $"  systemctl --user enable --now {UnitName}",
                LingerNote);
        }

        if (IsWithoutUserManager(reload))
        {
            // `enable` without --now needs no running manager: it only makes the default.target.wants link.
            var enable = Run("enable", UnitName);
            if (!enable.Succeeded)
            {
                return RegistrationResult.Failure(
                    $"{wrote}, but {enable.Describe(Command("enable", UnitName))}",
                    $"No user service manager is reachable here ({reload.FirstLine}); in a logged-in session run: systemctl --user enable --now {UnitName}");
            }

            return RegistrationResult.Success(
                $"Registered {UnitName} ({FilePath}): it starts at your next logon.",
                $"It was not started now: no user service manager is reachable here ({reload.FirstLine}).",
                $"To start it now, in a logged-in session run: systemctl --user start {UnitName}",
                LingerNote);
        }

        if (!reload.Succeeded)
        {
            return RegistrationResult.Failure($"{wrote}, but {reload.Describe(Command("daemon-reload"))}");
        }

        var enableNow = Run("enable", "--now", UnitName);
        return enableNow.Succeeded
            ? RegistrationResult.Success($"Registered and started {UnitName} ({FilePath}): it starts at each logon.", LingerNote)
            : RegistrationResult.Failure(
                $"{wrote}, but {enableNow.Describe(Command("enable", "--now", UnitName))}",
                $"See `systemctl --user status {UnitName}` and `journalctl --user -u {UnitName}`.");
    }

    public override RegistrationResult Uninstall()
    {
        if (!RegistrationFile.Exists(FilePath) && !RegistrationFile.Exists(WantsLink))
        {
            return RegistrationResult.Success($"Not registered: {FilePath} does not exist, so there is nothing to remove.");
        }

        var managerReachable = true;
        var disable = Run("disable", "--now", UnitName);
        if (disable.Outcome == ServiceManagerOutcome.NotFound)
        {
            managerReachable = false;
        }
        else if (IsWithoutUserManager(disable))
        {
            managerReachable = false;
            var offline = Run("disable", UnitName);
            if (!offline.Succeeded)
            {
                return RegistrationResult.Failure($"Could not unregister: {offline.Describe(Command("disable", UnitName))}");
            }
        }
        else if (!disable.Succeeded)
        {
            return RegistrationResult.Failure($"Could not unregister: {disable.Describe(Command("disable", "--now", UnitName))}");
        }

        RegistrationFile.Delete(FilePath);
        RegistrationFile.Delete(WantsLink);
        if (!managerReachable)
        {
            return RegistrationResult.Success(
                $"Unregistered: removed {FilePath}.",
                "No user service manager was reachable, so a host it started (if any) keeps running until you log out.");
        }

        // Forget the deleted unit now rather than at the next reload; a failure here changes nothing on disk.
        _ = Run("daemon-reload");
        return RegistrationResult.Success($"Unregistered: stopped {UnitName} and removed {FilePath}.");
    }

    public override RegistrationStatus Status(HostLaunchCommand? current)
    {
        if (!File.Exists(FilePath))
        {
            return new RegistrationStatus(false, FilePath, null, null, $"Not registered: {FilePath} does not exist.");
        }

        // is-enabled reads the unit files, so it answers without a running manager; is-active needs one.
        var enabled = Run("is-enabled", UnitName).FirstOutputLine switch
        {
            "enabled" or "enabled-runtime" or "linked" or "linked-runtime" or "alias" => true,
            "disabled" or "masked" or "masked-runtime" or "static" or "indirect" or "generated" or "transient" or "bad" => false,
            _ => (bool?)null,
        };
        var active = Run("is-active", UnitName).FirstOutputLine switch
        {
            "active" or "reloading" or "activating" or "refreshing" => true,
            "inactive" or "failed" or "deactivating" or "maintenance" => false,
            _ => (bool?)null,
        };
        var upToDate = SameText(FilePath, current is null ? null : () => Render(current, context.BitsLiteHome));
        return new RegistrationStatus(true, FilePath, enabled, active, DescribeRegistered($"the systemd user service {UnitName}", enabled, active, upToDate))
        {
            UpToDate = upToDate,
        };
    }

    /// <summary>
    /// Whether systemctl failed only because no user manager can be reached (no user bus: containers, su,
    /// some SSH sessions). systemd 252 says "Failed to connect to bus: …", newer ones "… user scope bus …",
    /// old ones "Failed to get D-Bus connection: …".
    /// </summary>
    public static bool IsWithoutUserManager(ServiceManagerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome != ServiceManagerOutcome.Exited || result.ExitCode == 0)
        {
            return false;
        }

        var text = result.Error + "\n" + result.Output;
        return text.Contains("Failed to connect to", StringComparison.OrdinalIgnoreCase) && text.Contains("bus", StringComparison.OrdinalIgnoreCase)
            || text.Contains("D-Bus connection", StringComparison.OrdinalIgnoreCase);
    }

    private ServiceManagerResult Run(params string[] arguments) => Runner.Run(Systemctl, ["--user", .. arguments]);

    private static string Command(params string[] arguments) => $"{Systemctl} --user {string.Join(' ', arguments)}";
}
