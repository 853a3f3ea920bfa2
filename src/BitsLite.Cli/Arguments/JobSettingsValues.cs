using BitsLite.Cli.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// The job settings given on a command line (all optional), already parsed, and how they become a
/// <see cref="TransferRequest"/> (transfer, create) or a <see cref="TransferSettings"/> change (set).
/// A limit of 0 means "no limit": left out of a new job, and sent as 0 (which clears it) in a change.
/// Credentials, proxy and notification follow the PowerShell cmdlets' rules (TransferRequestMapper): passwords are
/// asked for last, once every option has been checked, the server's before the proxy's.
/// </summary>
internal sealed record JobSettingsValues
{
    public const int MaxDisplayNameLength = 256;
    public const int MaxDescriptionLength = 1024;

    /// <summary>As in the PowerShell cmdlets: Basic, which most servers off Windows offer (BITS defaults to Negotiate).</summary>
    public const TransferAuthScheme DefaultAuthentication = TransferAuthScheme.Basic;

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public TransferPriority? Priority { get; init; }

    /// <summary>Bytes per second; 0 = no limit.</summary>
    public long? MaxBandwidth { get; init; }

    public TimeSpan? RetryInterval { get; init; }

    public TimeSpan? RetryTimeout { get; init; }

    /// <summary>Zero = no limit.</summary>
    public TimeSpan? MaxDownloadTime { get; init; }

    /// <summary>Headers as "Name: value"; empty when none were given.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Remove every custom header (set only).</summary>
    public bool ClearHeaders { get; init; }

    /// <summary>The server credential's user name (--user).</summary>
    public string? UserName { get; init; }

    /// <summary>The server credential's scheme (--auth); Basic when not given.</summary>
    public TransferAuthScheme? Authentication { get; init; }

    /// <summary>The proxy credential's user name (--proxy-user).</summary>
    public string? ProxyUserName { get; init; }

    /// <summary>The proxy credential's scheme (--proxy-auth); Basic when not given.</summary>
    public TransferAuthScheme? ProxyAuthentication { get; init; }

    /// <summary>Remove every credential (set only).</summary>
    public bool ClearCredentials { get; init; }

    /// <summary>--proxy-usage; Override when only --proxy was given.</summary>
    public TransferProxyUsage? ProxyUsage { get; init; }

    /// <summary>--proxy, each HOST:PORT.</summary>
    public IReadOnlyList<string> ProxyList { get; init; } = [];

    /// <summary>--proxy-bypass, each a host name pattern.</summary>
    public IReadOnlyList<string> ProxyBypass { get; init; } = [];

    /// <summary>The notification program, an absolute path (--notify).</summary>
    public string? NotifyProgram { get; init; }

    /// <summary>Its arguments (--notify-arg).</summary>
    public IReadOnlyList<string> NotifyArguments { get; init; } = [];

    /// <summary>When it runs (--notify-on); Transferred and Error when not given.</summary>
    public TransferNotifyEvents? NotifyOn { get; init; }

    /// <summary>Remove the notification (set only).</summary>
    public bool NoNotify { get; init; }

    /// <summary>--network: Always (any) or Unmetered.</summary>
    public TransferCostPolicy? TransferPolicy { get; init; }

    /// <summary>--upload-method: an upload job's new method (set only; a new job's comes from --put).</summary>
    public UploadMethod? UploadMethod { get; init; }

    /// <summary>Whether anything at all was given (set needs something to change).</summary>
    public bool IsEmpty =>
        DisplayName is null && Description is null && Priority is null && MaxBandwidth is null && RetryInterval is null
        && RetryTimeout is null && MaxDownloadTime is null && Headers.Count == 0 && !ClearHeaders
        && UserName is null && Authentication is null && ProxyUserName is null && ProxyAuthentication is null && !ClearCredentials
        && ProxyUsage is null && ProxyList.Count == 0 && ProxyBypass.Count == 0
        && NotifyProgram is null && NotifyArguments.Count == 0 && NotifyOn is null && !NoNotify && TransferPolicy is null
        && UploadMethod is null;

    /// <summary>A new job with <paramref name="files"/>; <paramref name="defaultPriority"/> applies unless --priority was given.</summary>
    /// <param name="files">The job's files (may be empty for a suspended job).</param>
    /// <param name="suspended">Create the job Suspended.</param>
    /// <param name="defaultPriority">The verb's priority when --priority was not given.</param>
    /// <param name="readPassword">Gives the password of a user name for a target; asked only for --user and --proxy-user.</param>
    public TransferRequest ToRequest(IReadOnlyList<TransferFileSpec> files, bool suspended, TransferPriority defaultPriority, PasswordSource? readPassword = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        CheckText();
        foreach (var (given, option) in new[] { (ClearHeaders, "--clear-headers"), (ClearCredentials, "--clear-credentials"), (NoNotify, "--no-notify") })
        {
            if (given)
            {
                throw CliException.Usage($"{option} only applies to 'set'");
            }
        }

        if (UploadMethod is not null)
        {
            throw CliException.Usage("--upload-method only applies to 'set'; a new upload chooses PUT with --put");
        }

        var proxy = Proxy();
        var notification = Notification();
        var credentials = Credentials(readPassword);
        return new TransferRequest
        {
            DisplayName = DisplayName,
            Description = Description ?? "",
            Priority = Priority ?? defaultPriority,
            Files = files,
            Suspended = suspended,
            RetryInterval = RetryInterval,
            RetryTimeout = RetryTimeout,
            MaxDownloadTime = MaxDownloadTime is { } max && max > TimeSpan.Zero ? max : null,
            MaxBandwidth = MaxBandwidth is > 0 ? MaxBandwidth : null,
            CustomHeaders = Headers,
            Credentials = credentials ?? [],
            Proxy = proxy,
            Notification = notification,
            TransferPolicy = TransferPolicy ?? TransferCostPolicy.Always,
        };
    }

    /// <summary>A change of settings; refuses an empty change and contradictory options.</summary>
    /// <param name="readPassword">Gives the password of a user name for a target; asked only for --user and --proxy-user.</param>
    public TransferSettings ToSettings(PasswordSource? readPassword = null)
    {
        if (IsEmpty)
        {
            throw CliException.Usage("nothing to change; give at least one option (see 'bitslite set --help')");
        }

        if (ClearHeaders && Headers.Count > 0)
        {
            throw CliException.Usage("give either --header (to replace the headers) or --clear-headers, not both");
        }

        if (ClearCredentials && (UserName is not null || ProxyUserName is not null))
        {
            throw CliException.Usage("--clear-credentials cannot be combined with --user or --proxy-user");
        }

        if (NoNotify && (NotifyProgram is not null || NotifyArguments.Count > 0 || NotifyOn is not null))
        {
            throw CliException.Usage("give either --notify (to replace the notification) or --no-notify, not both");
        }

        CheckText();
        var proxy = Proxy();
        var notification = NoNotify ? new TransferNotification { Program = "" } : Notification();
        // With --clear-credentials no user is given (refused above), so this only checks --auth and --proxy-auth.
        var credentials = Credentials(readPassword) ?? (ClearCredentials ? [] : null);
        return new TransferSettings
        {
            DisplayName = DisplayName,
            Description = Description,
            Priority = Priority,
            RetryInterval = RetryInterval,
            RetryTimeout = RetryTimeout,
            MaxDownloadTime = MaxDownloadTime,
            MaxBandwidth = MaxBandwidth,
            CustomHeaders = ClearHeaders ? [] : Headers.Count > 0 ? Headers : null,
            Credentials = credentials,
            Proxy = proxy,
            Notification = notification,
            TransferPolicy = TransferPolicy,
            UploadMethod = UploadMethod,
        };
    }

    /// <summary>The server credential, then the proxy one; null when neither was given. Passwords are read here, last.</summary>
    private List<TransferCredential>? Credentials(PasswordSource? readPassword)
    {
        if (Authentication is not null && UserName is null)
        {
            throw CliException.Usage("--auth needs --user");
        }

        if (ProxyAuthentication is not null && ProxyUserName is null)
        {
            throw CliException.Usage("--proxy-auth needs --proxy-user");
        }

        CheckBasicUserName(UserName, Authentication, "--user");
        CheckBasicUserName(ProxyUserName, ProxyAuthentication, "--proxy-user");
        if (UserName is null && ProxyUserName is null)
        {
            return null;
        }

        if (readPassword is null)
        {
            throw new InvalidOperationException("Credentials were given but there is nowhere to read their passwords from.");
        }

        var list = new List<TransferCredential>();
        if (UserName is { } server)
        {
            list.Add(new TransferCredential
            {
                Target = TransferCredentialTarget.Server,
                Scheme = Authentication ?? DefaultAuthentication,
                UserName = server,
                Password = readPassword(TransferCredentialTarget.Server, server),
            });
        }

        if (ProxyUserName is { } proxy)
        {
            list.Add(new TransferCredential
            {
                Target = TransferCredentialTarget.Proxy,
                Scheme = ProxyAuthentication ?? DefaultAuthentication,
                UserName = proxy,
                Password = readPassword(TransferCredentialTarget.Proxy, proxy),
            });
        }

        return list;
    }

    /// <summary>Basic sends "user:password", so its user name cannot hold a ':' (RFC 7617).</summary>
    private static void CheckBasicUserName(string? userName, TransferAuthScheme? scheme, string option)
    {
        if (userName is not null && (scheme ?? DefaultAuthentication) == TransferAuthScheme.Basic && userName.Contains(':', StringComparison.Ordinal))
        {
            throw CliException.Usage($"{option}: a Basic user name cannot contain ':' ('{userName}')");
        }
    }

    /// <summary>The proxy settings; null when no proxy option was given. --proxy alone means Override.</summary>
    private TransferProxy? Proxy()
    {
        var listed = ProxyList.Count > 0 || ProxyBypass.Count > 0;
        var usage = ProxyUsage ?? (ProxyList.Count > 0 ? TransferProxyUsage.Override : null);
        if (usage is null)
        {
            return listed
                ? throw CliException.Usage("--proxy-bypass needs --proxy HOST:PORT (proxy usage override)")
                : null;
        }

        if (usage != TransferProxyUsage.Override && listed)
        {
            throw CliException.Usage($"--proxy and --proxy-bypass go only with --proxy-usage override, not {ProxyUsageName(usage.Value)}");
        }

        if (usage == TransferProxyUsage.Override && ProxyList.Count == 0)
        {
            throw CliException.Usage("--proxy-usage override needs --proxy HOST:PORT");
        }

        return new TransferProxy { Usage = usage.Value, List = ProxyList, Bypass = ProxyBypass };
    }

    /// <summary>The notification; null when --notify was not given (and then --notify-arg and --notify-on are refused).</summary>
    private TransferNotification? Notification()
    {
        if (NotifyProgram is null)
        {
            return NotifyArguments.Count > 0 || NotifyOn is not null
                ? throw CliException.Usage("--notify-arg and --notify-on need --notify PROGRAM")
                : null;
        }

        return new TransferNotification
        {
            Program = NotifyProgram,
            Arguments = NotifyArguments,
            On = NotifyOn ?? (TransferNotifyEvents.Transferred | TransferNotifyEvents.Error),
        };
    }

    private static string ProxyUsageName(TransferProxyUsage usage) => usage switch
    {
        TransferProxyUsage.SystemDefault => "system",
        TransferProxyUsage.NoProxy => "none",
        TransferProxyUsage.AutoDetect => "auto",
        _ => "override",
    };

    private void CheckText()
    {
        if (DisplayName is not null && (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength || DisplayName.Any(char.IsControl)))
        {
            throw CliException.Usage($"--name must have 1 to {MaxDisplayNameLength} characters, not all blank, without control characters");
        }

        if (Description is { Length: > MaxDescriptionLength })
        {
            throw CliException.Usage($"--description may have at most {MaxDescriptionLength} characters; this one has {Description.Length}");
        }
    }
}

/// <summary>Gives the password of <paramref name="userName"/> for <paramref name="target"/> (see <c>PasswordReader</c>).</summary>
internal delegate string PasswordSource(TransferCredentialTarget target, string userName);
