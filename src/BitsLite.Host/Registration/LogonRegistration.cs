using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Registration;

/// <summary>
/// Registers the host to start when the user logs on, with the service manager of one OS: a systemd user
/// unit, a launchd LaunchAgent, or a Task Scheduler logon task. Install is idempotent (it replaces what is
/// there); uninstalling what is not registered succeeds and says so.
/// </summary>
internal abstract class LogonRegistration(IServiceManagerRunner runner)
{
    /// <summary>The service manager's programs are run through this (tests replace it).</summary>
    protected IServiceManagerRunner Runner { get; } = runner;

    /// <summary>The registration file this writes (the unit, the plist, or the copy of the task XML).</summary>
    public abstract string FilePath { get; }

    /// <summary>Writes the registration for <paramref name="command"/>, replacing any, and has the service manager enable and start it.</summary>
    public abstract RegistrationResult Install(HostLaunchCommand command);

    /// <summary>Stops and removes the registration; succeeds when there is none.</summary>
    public abstract RegistrationResult Uninstall();

    /// <summary>Whether the host is registered, and what the service manager says.</summary>
    /// <param name="current">The host <c>register</c> would register now, to tell whether the file is up to date; null when unknown.</param>
    public abstract RegistrationStatus Status(HostLaunchCommand? current);

    /// <summary>The registration for <paramref name="platform"/>.</summary>
    public static LogonRegistration For(HostPlatform platform, RegistrationContext context, IServiceManagerRunner runner) => platform switch
    {
        HostPlatform.Windows => new WindowsLogonTask(context, runner),
        HostPlatform.MacOS => new LaunchAgent(context, runner),
        _ => new SystemdUserUnit(context, runner),
    };

    /// <summary>The status line of a registration that exists.</summary>
    protected static string DescribeRegistered(string what, bool? enabled, bool? active, bool? upToDate)
    {
        var state = (enabled, active) switch
        {
            (true, true) => $"Registered: {what} is enabled and running.",
            (true, false) => $"Registered: {what} is enabled (it starts at logon) but is not running now.",
            (true, null) => $"Registered: {what} is enabled (it starts at logon); whether it is running cannot be asked here.",
            (false, _) => $"Registered, but {what} is disabled, so it will not start at logon; run `bitslite-host register` again.",
            (null, _) => $"Registered: the file for {what} is in place; the service manager cannot be asked here whether it is enabled.",
        };
        return upToDate == false
            ? state + " The file differs from what `bitslite-host register` would write now (another host path or BITSLITE_HOME): run it again to update it."
            : state;
    }

    /// <summary>Whether the file at <paramref name="path"/> holds exactly <paramref name="expected"/>; null when either is unknown.</summary>
    protected static bool? SameText(string path, Func<string>? expected)
    {
        var actual = RegistrationFile.TryRead(path);
        if (actual is null || expected is null)
        {
            return null;
        }

        try
        {
            return string.Equals(actual, expected(), StringComparison.Ordinal);
        }
        catch (RegistrationException)
        {
            return null;
        }
    }
}
