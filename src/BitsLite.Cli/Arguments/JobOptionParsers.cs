using System.Diagnostics.CodeAnalysis;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// The values of the credential, proxy, notification and network options of transfer, create and set (and set's
/// --upload-method): names in any case, each refused with the names that would do.
/// </summary>
internal static class JobOptionParsers
{
    public const string AuthNames = "basic|digest|ntlm|negotiate";
    public const string ProxyUsageNames = "system|none|auto|override";
    public const string NotifyOnNames = "transferred|error|both";
    public const string NetworkNames = "any|unmetered";
    public const string UploadMethodNames = "bits|put";

    /// <summary>The longest user name the host takes.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary><c>basic</c>, <c>digest</c>, <c>ntlm</c> or <c>negotiate</c>.</summary>
    public static bool TryParseAuth(string? text, out TransferAuthScheme scheme, [NotNullWhen(false)] out string? error)
    {
        foreach (var candidate in Enum.GetValues<TransferAuthScheme>())
        {
            if (Is(text, candidate.ToString()))
            {
                scheme = candidate;
                error = null;
                return true;
            }
        }

        scheme = default;
        error = $"'{text}' is not an authentication scheme; use {AuthNames}";
        return false;
    }

    /// <summary><c>system</c>, <c>none</c>, <c>auto</c> or <c>override</c> (the protocol's names are taken too).</summary>
    public static bool TryParseProxyUsage(string? text, out TransferProxyUsage usage, [NotNullWhen(false)] out string? error)
    {
        (string Short, TransferProxyUsage Usage)[] names =
        [
            ("system", TransferProxyUsage.SystemDefault),
            ("none", TransferProxyUsage.NoProxy),
            ("auto", TransferProxyUsage.AutoDetect),
            ("override", TransferProxyUsage.Override),
        ];
        foreach (var (name, candidate) in names)
        {
            if (Is(text, name) || Is(text, candidate.ToString()))
            {
                usage = candidate;
                error = null;
                return true;
            }
        }

        usage = default;
        error = $"'{text}' is not a proxy usage; use {ProxyUsageNames}";
        return false;
    }

    /// <summary><c>transferred</c>, <c>error</c> or <c>both</c>.</summary>
    public static bool TryParseNotifyOn(string? text, out TransferNotifyEvents events, [NotNullWhen(false)] out string? error)
    {
        events = Is(text, "transferred") ? TransferNotifyEvents.Transferred
            : Is(text, "error") ? TransferNotifyEvents.Error
            : Is(text, "both") ? TransferNotifyEvents.Transferred | TransferNotifyEvents.Error
            : TransferNotifyEvents.None;
        error = events == TransferNotifyEvents.None ? $"'{text}' is not a notification event; use {NotifyOnNames}" : null;
        return error is null;
    }

    /// <summary><c>any</c> (TransferPolicy Always) or <c>unmetered</c>.</summary>
    public static bool TryParseNetwork(string? text, out TransferCostPolicy policy, [NotNullWhen(false)] out string? error)
    {
        if (Is(text, "any") || Is(text, nameof(TransferCostPolicy.Always)))
        {
            policy = TransferCostPolicy.Always;
        }
        else if (Is(text, "unmetered"))
        {
            policy = TransferCostPolicy.Unmetered;
        }
        else
        {
            policy = default;
            error = $"'{text}' is not a network; use {NetworkNames}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary><c>bits</c> (the BITS upload protocol) or <c>put</c> (one plain HTTP PUT).</summary>
    public static bool TryParseUploadMethod(string? text, out UploadMethod method, [NotNullWhen(false)] out string? error)
    {
        foreach (var candidate in Enum.GetValues<UploadMethod>())
        {
            if (Is(text, candidate.ToString()))
            {
                method = candidate;
                error = null;
                return true;
            }
        }

        method = default;
        error = $"'{text}' is not an upload method; use {UploadMethodNames}";
        return false;
    }

    /// <summary>A switch's value: <c>yes</c>/<c>no</c> (also <c>on</c>/<c>off</c>, <c>true</c>/<c>false</c>), for settings a later 'set' may turn off again.</summary>
    public static bool TryParseYesNo(string? text, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = Is(text, "yes") || Is(text, "on") || Is(text, "true");
        var known = value || Is(text, "no") || Is(text, "off") || Is(text, "false");
        error = known ? null : $"'{text}' is not yes or no";
        return known;
    }

    /// <summary>A user name as the host takes it: 1 to 256 characters, not blank, no control characters.</summary>
    public static bool TryParseUserName(string? text, [NotNullWhen(true)] out string? userName, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxUserNameLength || text.Any(char.IsControl))
        {
            userName = null;
            error = $"a user name must have 1 to {MaxUserNameLength} characters, not all blank, without control characters";
            return false;
        }

        userName = text;
        error = null;
        return true;
    }

    /// <summary>A proxy as <c>host:port</c> or <c>http://host:port</c>; a user name or password in it is refused (and not repeated).</summary>
    public static bool TryParseProxy(string? text, [NotNullWhen(true)] out string? proxy, [NotNullWhen(false)] out string? error)
    {
        var value = (text ?? "").Trim();
        var url = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (value.Contains('@', StringComparison.Ordinal))
        {
            proxy = null;
            error = "a proxy address cannot hold a user name or password; give them with --proxy-user (the password from BITSLITE_PROXY_PASSWORD)";
            return false;
        }

        if (value.Length == 0
            || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0)
        {
            proxy = null;
            error = $"'{text}' is not a proxy; use HOST:PORT or http://HOST:PORT";
            return false;
        }

        proxy = value;
        error = null;
        return true;
    }

    /// <summary>A host name pattern reached without the proxy: <c>name</c>, <c>*.example.com</c>, <c>.example.com</c> or <c>&lt;local&gt;</c>.</summary>
    public static bool TryParseBypass(string? text, [NotNullWhen(true)] out string? bypass, [NotNullWhen(false)] out string? error)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            bypass = null;
            error = $"'{text}' is not a host name pattern (such as example.com, *.example.com or <local>)";
            return false;
        }

        bypass = value;
        error = null;
        return true;
    }

    /// <summary>
    /// The notification program as an absolute path: a relative path (with a '/') is taken against
    /// <paramref name="currentDirectory"/>; a bare name is refused, as the host searches no PATH. The program must
    /// exist and, off Windows, be executable.
    /// </summary>
    public static bool TryParseProgram(string? text, string currentDirectory, [NotNullWhen(true)] out string? program, [NotNullWhen(false)] out string? error)
    {
        program = null;
        var value = text ?? "";
        if (value.Trim().Length == 0)
        {
            error = "give the program to run (an absolute path)";
            return false;
        }

        if (!Path.IsPathRooted(value) && !value.Contains('/', StringComparison.Ordinal) && !value.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            error = $"'{value}' is not a path; the program runs without a shell or PATH search, so give its path, e.g. \"$(command -v {value})\"";
            return false;
        }

        string full;
        try
        {
            full = Path.GetFullPath(value, currentDirectory);
        }
        catch (ArgumentException)
        {
            error = $"'{value}' is not a path";
            return false;
        }

        if (!File.Exists(full))
        {
            error = $"the program '{full}' does not exist";
            return false;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            error = $"the program '{full}' is not executable";
            return false;
        }

        program = full;
        error = null;
        return true;
    }

    private static bool Is(string? text, string name) => string.Equals((text ?? "").Trim(), name, StringComparison.OrdinalIgnoreCase);
}
