using System.Runtime.InteropServices;
using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Registration;

/// <summary>
/// Everything about the user that a registration needs, gathered once so that tests can pass a temporary
/// home and configuration directory instead of the real ones.
/// </summary>
/// <param name="HomeDirectory">The user's home directory (LaunchAgents and ~/.config live under it).</param>
/// <param name="XdgConfigHome">XDG_CONFIG_HOME as set, or null; ignored unless absolute.</param>
/// <param name="BitsLiteHome">BITSLITE_HOME in the current environment, or null: propagated to the registered host only when set.</param>
/// <param name="DataRoot">The host's data root (Windows keeps its copy of the task XML there).</param>
/// <param name="User">The user as the service manager names them: the numeric uid for launchctl's gui/&lt;uid&gt;, DOMAIN\name for Task Scheduler, the login name elsewhere.</param>
internal sealed record RegistrationContext(string HomeDirectory, string? XdgConfigHome, string? BitsLiteHome, string DataRoot, string User)
{
    /// <summary>
    /// BITSLITE_HOME in the user's persistent environment (Windows: what a task started at logon sees), when
    /// it can be read; null when it is not set there or cannot be known.
    /// </summary>
    public string? PersistentBitsLiteHome { get; init; }

    /// <summary>The current process's user and environment.</summary>
    /// <exception cref="RegistrationException">No home directory is known.</exception>
    public static RegistrationContext ForCurrentUser(string dataRoot, HostPlatform platform)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable("HOME") ?? "";
        }

        if (string.IsNullOrEmpty(home) && platform != HostPlatform.Windows)
        {
            throw new RegistrationException("No home directory is known (HOME is not set), so there is no place for the registration file.");
        }

        var bitsLiteHome = Environment.GetEnvironmentVariable(BitsLitePaths.HomeVariable);
        var user = platform switch
        {
            HostPlatform.Windows => Environment.UserDomainName + "\\" + Environment.UserName,
            HostPlatform.MacOS => UnixUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Environment.UserName,
        };
        return new RegistrationContext(
            home,
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"),
            string.IsNullOrEmpty(bitsLiteHome) ? null : bitsLiteHome,
            dataRoot,
            user)
        {
            PersistentBitsLiteHome = platform == HostPlatform.Windows && RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? Environment.GetEnvironmentVariable(BitsLitePaths.HomeVariable, EnvironmentVariableTarget.User)
                : null,
        };
    }
}
