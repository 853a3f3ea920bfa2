namespace BitsLite.Protocol.Hosting;

/// <summary>
/// The environment a client gives the host it starts, and the host gives notification programs: an allow-list, so
/// that what the caller keeps in its environment (BITSLITE_PASSWORD, a token, anything) does not live on in a
/// background process for hours, readable in /proc/PID/environ and inherited by every program it runs.
/// </summary>
/// <remarks>
/// Passed: what finds programs and libraries and runs .NET (PATH, LD_LIBRARY_PATH, DOTNET_*), who and where the user
/// is (HOME, USER, LOGNAME, SHELL, TMPDIR, XDG_*), language and time (LANG, LANGUAGE, LC_*, TZ; the bandwidth
/// schedule is in local time), the network the host uses (http_proxy, https_proxy, all_proxy, no_proxy in both cases;
/// SSL_CERT_FILE, SSL_CERT_DIR; KRB5CCNAME, KRB5_CONFIG, KRB5_KTNAME, NTLM_USER_FILE for Negotiate and NTLM), the
/// desktop session a notification program may show a message in (DISPLAY, WAYLAND_DISPLAY, XAUTHORITY,
/// DBUS_SESSION_BUS_ADDRESS), the BITSLITE_* settings the host reads, and on Windows the system's own variables.
/// Never passed: BITSLITE_PASSWORD, BITSLITE_PROXY_PASSWORD, BITSLITE_HOST_PATH and everything not listed.
/// </remarks>
public static class HostEnvironmentVariables
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "PATH", "LD_LIBRARY_PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "LANG", "LANGUAGE", "TZ",
        "http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "KRB5CCNAME", "KRB5_CONFIG", "KRB5_KTNAME", "NTLM_USER_FILE",
        "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS",
        "BITSLITE_HOME", "BITSLITE_IDLE_TIMEOUT", "BITSLITE_MAX_CONNECTIONS", "BITSLITE_FRAME_TIMEOUT",
        "BITSLITE_BACKOFF", "BITSLITE_BACKOFF_TARGET", "BITSLITE_BACKOFF_GAIN", "BITSLITE_BACKOFF_FLOOR",
    };

    // Names are case-insensitive on Windows, where the system's own variables must reach any process for it to run.
    private static readonly HashSet<string> WindowsNames = new(
        Names.Concat(
        [
            "PATHEXT", "SystemRoot", "SystemDrive", "windir", "ComSpec", "OS", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE",
            "USERPROFILE", "USERNAME", "USERDOMAIN", "COMPUTERNAME", "HOMEDRIVE", "HOMEPATH", "LOCALAPPDATA", "APPDATA", "TEMP", "TMP",
            "ProgramData", "ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "CommonProgramFiles", "CommonProgramFiles(x86)",
        ]),
        StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Prefixes = ["LC_", "XDG_", "DOTNET_"];

    private static readonly string[] ProxyNames = ["http_proxy", "https_proxy", "all_proxy"];

    /// <summary>Whether <paramref name="name"/> reaches the host and its notification programs.</summary>
    public static bool IsPassed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var windows = OperatingSystem.IsWindows();
        return (windows ? WindowsNames : Names).Contains(name)
            || Prefixes.Any(p => name.StartsWith(p, windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
    }

    /// <summary>Removes every variable that is not passed from <paramref name="environment"/> (a <c>ProcessStartInfo.Environment</c>).</summary>
    public static void Scrub(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in environment.Keys.Where(n => !IsPassed(n)).ToList())
        {
            environment.Remove(name);
        }
    }

    /// <summary>
    /// As <see cref="Scrub"/>, and also takes the user name and password out of proxy variables
    /// (<c>http://ann:pw@proxy:3128</c> becomes <c>http://proxy:3128</c>): the host needs them, a notification program does not.
    /// </summary>
    public static void ScrubForChild(IDictionary<string, string?> environment)
    {
        Scrub(environment);
        foreach (var name in environment.Keys.Where(n => ProxyNames.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            environment[name] = WithoutCredentials(environment[name]);
        }
    }

    private static string? WithoutCredentials(string? proxy)
    {
        var at = proxy?.LastIndexOf('@') ?? -1;
        if (proxy is null || at < 0)
        {
            return proxy;
        }

        var scheme = proxy.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && scheme < at ? proxy[..(scheme + 3)] + proxy[(at + 1)..] : proxy[(at + 1)..];
    }
}
