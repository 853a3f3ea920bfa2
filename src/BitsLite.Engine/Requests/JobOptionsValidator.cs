using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Requests;

/// <summary>Checks a job's credentials, proxy, notification and cost policy, for new jobs and for changes alike.</summary>
internal static class JobOptionsValidator
{
    public const int MaxUserNameLength = 256;
    public const int MaxPasswordLength = 1024;
    public const int MaxProxies = 32;
    public const int MaxNotifyArguments = 64;

    public static void ValidateCredentials(IReadOnlyList<TransferCredential> credentials)
    {
        var seen = new HashSet<(TransferCredentialTarget, TransferAuthScheme)>();
        foreach (var credential in credentials)
        {
            if (credential is null)
            {
                throw Invalid("A credential is missing (null).");
            }

            if (!Enum.IsDefined(credential.Target) || !Enum.IsDefined(credential.Scheme))
            {
                throw Invalid($"A credential's target must be Server or Proxy and its scheme Basic, Digest, Ntlm or Negotiate (got {(int)credential.Target}, {(int)credential.Scheme}).");
            }

            if (string.IsNullOrWhiteSpace(credential.UserName) || credential.UserName.Length > MaxUserNameLength || credential.UserName.Any(char.IsControl))
            {
                throw Invalid($"A credential's user name must have 1 to {MaxUserNameLength} characters, without control characters.");
            }

            if (credential.Password is null || credential.Password.Length > MaxPasswordLength)
            {
                throw Invalid($"The {credential.Target} credential for '{credential.UserName}' needs a password of at most {MaxPasswordLength} characters (an empty one is allowed).");
            }

            if (credential.Scheme == TransferAuthScheme.Basic && credential.UserName.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid($"A Basic user name cannot contain ':' ('{credential.UserName}'; RFC 7617).");
            }

            if (!seen.Add((credential.Target, credential.Scheme)))
            {
                throw Invalid($"There are two {credential.Target} credentials for {credential.Scheme}; a job holds one per target and scheme.");
            }
        }
    }

    /// <summary>Override needs proxies; the other usages take none. Returns the proxies as absolute http URIs.</summary>
    public static void ValidateProxy(TransferProxy proxy)
    {
        if (!Enum.IsDefined(proxy.Usage))
        {
            throw Invalid($"Proxy usage {(int)proxy.Usage} does not exist; use SystemDefault, NoProxy, AutoDetect or Override.");
        }

        if (proxy.Usage != TransferProxyUsage.Override)
        {
            if (proxy.List.Count > 0 || proxy.Bypass.Count > 0)
            {
                throw Invalid($"A proxy list and bypass list go only with proxy usage Override, not {proxy.Usage}.");
            }

            return;
        }

        if (proxy.List.Count == 0)
        {
            throw Invalid("Proxy usage Override needs at least one proxy (host:port).");
        }

        if (proxy.List.Count > MaxProxies || proxy.Bypass.Count > MaxProxies * 8)
        {
            throw Invalid($"At most {MaxProxies} proxies and {MaxProxies * 8} bypass entries are allowed.");
        }

        foreach (var entry in proxy.List)
        {
            _ = ParseProxy(entry);
        }

        foreach (var entry in proxy.Bypass)
        {
            if (string.IsNullOrWhiteSpace(entry) || entry.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw Invalid($"Proxy bypass entry '{entry}' is not a host name pattern.");
            }
        }
    }

    /// <summary>"host:port", "http://host:port" or "https://host:port" as an absolute URI.</summary>
    public static Uri ParseProxy(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            throw Invalid("A proxy entry is empty.");
        }

        var text = entry.Contains("://", StringComparison.Ordinal) ? entry : "http://" + entry;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0
            || uri.AbsolutePath != "/"
            || uri.UserInfo.Length > 0)
        {
            throw Invalid($"Proxy '{WithoutUserInfo(entry)}' is not of the form host:port or http://host:port (put proxy passwords in a Proxy credential, not in the address).");
        }

        return uri;
    }

    /// <summary>The entry as it may be shown: anything before an '@' (a user name and password) replaced by "***".</summary>
    private static string WithoutUserInfo(string entry)
    {
        var at = entry.LastIndexOf('@');
        if (at < 0)
        {
            return entry;
        }

        var scheme = entry.IndexOf("://", StringComparison.Ordinal);
        var start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return entry[..start] + "***" + entry[at..];
    }

    public static void ValidateNotification(TransferNotification notification, bool emptyRemoves)
    {
        if (notification.Program is null)
        {
            throw Invalid("A notification needs a program.");
        }

        if (notification.Program.Length == 0 && emptyRemoves)
        {
            return;
        }

        if (!Path.IsPathFullyQualified(notification.Program))
        {
            throw Invalid($"The notification program '{notification.Program}' must be an absolute path; it runs without a shell or PATH search.");
        }

        if (!File.Exists(notification.Program))
        {
            throw Invalid($"The notification program '{notification.Program}' does not exist.");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(notification.Program) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw Invalid($"The notification program '{notification.Program}' is not executable.");
        }

        if (notification.Arguments.Count > MaxNotifyArguments || notification.Arguments.Any(a => a is null || a.Contains('\0', StringComparison.Ordinal)))
        {
            throw Invalid($"A notification takes at most {MaxNotifyArguments} arguments, none null or with NUL characters.");
        }

        if ((notification.On & ~(TransferNotifyEvents.Transferred | TransferNotifyEvents.Error)) != 0)
        {
            throw Invalid($"Notification events {(int)notification.On} are not Transferred and/or Error.");
        }
    }

    public static void ValidateCostPolicy(TransferCostPolicy? policy)
    {
        if (policy is { } value && !Enum.IsDefined(value))
        {
            throw Invalid($"Transfer policy {(int)value} does not exist; use Always or Unmetered.");
        }
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
