using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Options;

/// <summary>
/// The rules of job settings, in one place: the CLI and the cmdlets check a patch with them before they send it, and the
/// host checks the same patch on receipt and the settings it makes. Every refusal is a <see cref="TransferException"/>
/// (<see cref="TransferErrorCode.InvalidArgument"/>) that names the setting, not a parameter of one front end.
/// </summary>
public static class TransferOptionRules
{
    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>The longest description.</summary>
    public const int MaxDescriptionLength = 1024;

    /// <summary>The most characters all custom headers may have together (BITS' limit).</summary>
    public const int MaxCustomHeadersLength = 16384;

    /// <summary>The longest credential user name.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>The longest credential password.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>The most proxies in an Override list (and eight times as many bypass entries).</summary>
    public const int MaxProxies = 32;

    /// <summary>The most arguments of a notification program.</summary>
    public const int MaxNotifyArguments = 64;

    /// <summary>The most connections one file may use (<see cref="TransferOptions.Connections"/>).</summary>
    public const int MaxConnections = 16;

    /// <summary>Connections per large file of a Foreground or High job unless the job says otherwise.</summary>
    public const int DefaultConnections = 4;

    /// <summary>
    /// The smallest part of a file fetched over a connection of its own (4 MiB): a file gets at most one connection per
    /// 4 MiB, so files under 8 MiB stay on one, where another connection's set-up would cost more than it brings.
    /// </summary>
    public const long MinSegmentSize = 4L * 1024 * 1024;

    /// <summary>The scheme a credential is presented with when none is named. BITS' cmdlets default to Negotiate; most servers off Windows offer Basic.</summary>
    public const TransferAuthScheme DefaultAuthentication = TransferAuthScheme.Basic;

    /// <summary>The shortest retry interval a host takes unless configured otherwise (BITS' API minimum).</summary>
    public static readonly TimeSpan DefaultMinimumRetryInterval = TimeSpan.FromSeconds(5);

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Checks every setting a patch gives, alone and with the others it gives.</summary>
    /// <param name="patch">The changes.</param>
    /// <param name="minimumRetryInterval">The host's minimum; <see cref="DefaultMinimumRetryInterval"/> when not known.</param>
    /// <exception cref="TransferException">A setting out of range or settings that do not go together.</exception>
    public static void Validate(TransferOptionsPatch patch, TimeSpan? minimumRetryInterval = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxDisplayNameLength || name.Any(char.IsControl)))
        {
            throw Invalid($"A display name must have 1 to {MaxDisplayNameLength} characters, not all blank, without control characters.");
        }

        if (patch.Description is { Length: > MaxDescriptionLength } description)
        {
            throw Invalid($"A description must be at most {MaxDescriptionLength} characters; this one has {description.Length}.");
        }

        Defined(patch.Priority, "Priority", "Foreground, High, Normal or Low");
        Defined(patch.TransferPolicy, "Transfer policy", "Always or Unmetered");
        Defined(patch.UploadMethod, "Upload method", "Bits or Put");
        var minimum = minimumRetryInterval ?? DefaultMinimumRetryInterval;
        if (patch.RetryInterval is { } interval && interval < minimum)
        {
            throw Invalid($"The retry interval must be at least {minimum.TotalSeconds:0.###} s.");
        }

        if (patch.RetryTimeout < TimeSpan.Zero)
        {
            throw Invalid("The retry timeout cannot be negative (0 means never retry).");
        }

        if (patch.MaxDownloadTime < TimeSpan.Zero)
        {
            throw Invalid("The maximum download time cannot be negative (0 means no limit).");
        }

        if (patch.MaxBandwidth < 0)
        {
            throw Invalid("The bandwidth limit cannot be negative (0 means no limit).");
        }

        if (patch.Connections is < 1 or > MaxConnections)
        {
            throw Invalid($"Connections must be 1 to {MaxConnections}, not {patch.Connections}.");
        }

        if (patch.CustomHeaders is { } headers)
        {
            ValidateHeaders(headers);
        }

        if (patch.CustomHeadersWriteOnly == false && patch.CustomHeaders is null)
        {
            throw Invalid("Write-only custom headers stay write-only: give new custom headers to turn it off.");
        }

        if (patch.Credentials is { } credentials)
        {
            ValidateCredentials(credentials);
        }

        if (patch.Proxy is { } proxy)
        {
            ValidateProxy(proxy);
        }

        if (patch.Notification is { } notification)
        {
            ValidateNotification(notification);
        }
    }

    /// <summary>Checks what a job's settings became, for a job of <paramref name="type"/>.</summary>
    /// <exception cref="TransferException">A setting that does not fit the job.</exception>
    public static void ValidateFor(TransferType type, TransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UploadMethod == UploadMethod.Put && type != TransferType.Upload)
        {
            throw Invalid(type == TransferType.Download
                ? "An upload method is for Upload and UploadReply jobs only."
                : "An UploadReply job needs the BITS upload protocol: a plain PUT has no reply to fetch.");
        }
    }

    /// <summary>
    /// A header as the host keeps it, "Name: value" (the name as given, the value trimmed), from what a user wrote; or
    /// why it is not one.
    /// </summary>
    public static bool TryParseHeader(string? text, [NotNullWhen(true)] out string? header, [NotNullWhen(false)] out string? error)
    {
        header = null;
        var value = text ?? "";
        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            error = "A header cannot contain line breaks.";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? "" : value[..colon].Trim();
        if (name.Length == 0)
        {
            error = $"'{value}' is not a header; write it as \"Name: value\".";
            return false;
        }

        if (name.AsSpan().ContainsAnyExcept(TokenCharacters))
        {
            error = $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only).";
            return false;
        }

        var headerValue = value[(colon + 1)..].Trim();
        header = headerValue.Length == 0 ? name + ":" : $"{name}: {headerValue}";
        error = null;
        return true;
    }

    /// <summary>Each header is "Name: value" with a token name and no line breaks; all together at most <see cref="MaxCustomHeadersLength"/> characters.</summary>
    public static void ValidateHeaders(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var total = 0;
        foreach (var header in headers)
        {
            if (header is null)
            {
                throw Invalid("A custom header is missing (null).");
            }

            total += header.Length;
            if (!TryParseHeader(header, out _, out var error))
            {
                throw Invalid($"Custom header: {error}");
            }
        }

        if (total > MaxCustomHeadersLength)
        {
            throw Invalid($"Custom headers may have at most {MaxCustomHeadersLength} characters in all; these have {total}.");
        }
    }

    /// <summary>At most one credential per target and scheme, each with a user name and a password within the limits.</summary>
    public static void ValidateCredentials(IReadOnlyList<TransferCredential> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
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

            ValidateUserName(credential.UserName, credential.Scheme);
            if (credential.Password is null || credential.Password.Length > MaxPasswordLength)
            {
                throw Invalid($"The {credential.Target} credential for '{credential.UserName}' needs a password of at most {MaxPasswordLength} characters (an empty one is allowed).");
            }

            if (!seen.Add((credential.Target, credential.Scheme)))
            {
                throw Invalid($"There are two {credential.Target} credentials for {credential.Scheme}; a job holds one per target and scheme.");
            }
        }
    }

    /// <summary>A user name of 1 to <see cref="MaxUserNameLength"/> characters without control characters; for Basic, without ':' (RFC 7617).</summary>
    public static void ValidateUserName(string? userName, TransferAuthScheme scheme)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > MaxUserNameLength || userName.Any(char.IsControl))
        {
            throw Invalid($"A credential's user name must have 1 to {MaxUserNameLength} characters, without control characters.");
        }

        if (scheme == TransferAuthScheme.Basic && userName.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid($"A Basic user name cannot contain ':' ('{userName}'; RFC 7617).");
        }
    }

    /// <summary>Override needs proxies; the other usages take none.</summary>
    public static void ValidateProxy(TransferProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
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

    /// <summary>
    /// An absolute, executable program with at most <see cref="MaxNotifyArguments"/> arguments, run on Transferred and/or
    /// Error; an empty program (which removes a job's) is fine.
    /// </summary>
    public static void ValidateNotification(TransferNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Program is null)
        {
            throw Invalid("A notification needs a program.");
        }

        if (notification.Program.Length == 0)
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

    private static void Defined<T>(T? value, string setting, string names)
        where T : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
        {
            throw Invalid($"{setting} {Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)} does not exist; use {names}.");
        }
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
