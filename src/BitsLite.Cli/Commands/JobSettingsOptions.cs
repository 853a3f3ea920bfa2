using System.CommandLine;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using static BitsLite.Cli.Arguments.OptionValueParsers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// The job settings options of transfer, create and set, and the <see cref="TransferOptionsPatch"/> they make. Values are
/// parsed while the command line is parsed, so a bad value is a parse error (exit code 2) before anything reaches the
/// host; the patch is then checked with the host's own rules (<see cref="TransferOptionRules"/>). Passwords are never
/// options: see <see cref="PasswordReader"/>. Header values can come from a file or standard input, out of argv.
/// </summary>
internal sealed class JobSettingsOptions
{
    private readonly Option<string?> _name = new("--name", "-n") { Description = "The job's display name (default: the first file's name).", HelpName = "NAME" };
    private readonly Option<string?> _description = new("--description") { Description = "A longer description (at most 1,024 characters).", HelpName = "TEXT" };
    private readonly Option<TransferPriority?> _priority;
    private readonly Option<long?> _maxBandwidth;
    private readonly Option<int?> _connections = new("--connections")
    {
        Description = $"Connections for one large file of a foreground or high job (1 to {TransferOptionRules.MaxConnections}; default {TransferOptionRules.DefaultConnections}), "
            + "at most the host policy's max connections per file; files under 8 MiB, normal and low jobs, and servers that ignore ranges use one.",
        HelpName = "N",
    };
    private readonly Option<TimeSpan?> _retryInterval;
    private readonly Option<TimeSpan?> _retryTimeout;
    private readonly Option<TimeSpan?> _maxDownloadTime;
    private readonly Option<string[]> _headers;
    private readonly Option<string?> _headerFile;
    private readonly Option<bool> _writeOnlyHeaders;
    // Text, not bool?: the command-line parser takes only true/false after a bool option, and this one says yes|no.
    private readonly Option<string?> _headersToOtherOrigins;
    private readonly Option<bool>? _clearHeaders;
    private readonly Option<string?> _user;
    private readonly Option<TransferAuthScheme?> _auth;
    private readonly Option<string?> _proxyUser;
    private readonly Option<TransferAuthScheme?> _proxyAuth;
    private readonly Option<bool>? _clearCredentials;
    private readonly Option<TransferProxyUsage?> _proxyUsage;
    private readonly Option<string[]> _proxies;
    private readonly Option<string[]> _proxyBypass;
    private readonly Option<string?> _notify;
    private readonly Option<string[]> _notifyArgs;
    private readonly Option<TransferNotifyEvents?> _notifyOn;
    private readonly Option<bool>? _noNotify;
    private readonly Option<TransferCostPolicy?> _network;
    private readonly Option<UploadMethod?>? _uploadMethod;

    /// <param name="defaultPriority">What the help says the priority is when not given.</param>
    /// <param name="forChange">For 'set': --clear-headers, --clear-credentials, --no-notify and --upload-method exist.</param>
    /// <param name="currentDirectory">A relative --notify program path is taken against this directory.</param>
    public JobSettingsOptions(string defaultPriority, bool forChange, string currentDirectory)
    {
        _priority = new Option<TransferPriority?>("--priority", "-p")
        {
            Description = $"foreground, high, normal or low{(forChange ? "." : $" (default: {defaultPriority}).")} Foreground runs first and ignores the background bandwidth limit.",
            HelpName = PriorityParser.Names,
            CustomParser = ParsePriority,
        };
        _maxBandwidth = new Option<long?>("--max-bandwidth")
        {
            Description = $"This job's own limit in bytes per second: {ByteSizeParser.FormatHelp}.",
            HelpName = "RATE",
            CustomParser = result => ParseSize(result, "--max-bandwidth"),
        };
        _retryInterval = new Option<TimeSpan?>("--retry-interval")
        {
            Description = $"Minimum wait before retrying after a transient error (default 10m): {DurationParser.FormatHelp}.",
            HelpName = "DURATION",
            CustomParser = result => ParseDuration(result, "--retry-interval", allowNone: false),
        };
        _retryTimeout = new Option<TimeSpan?>("--retry-timeout")
        {
            Description = "How long the job may go without progress before it fails (default 14d; 0 = never retry).",
            HelpName = "DURATION",
            CustomParser = result => ParseDuration(result, "--retry-timeout", allowNone: false),
        };
        _maxDownloadTime = new Option<TimeSpan?>("--max-download-time")
        {
            Description = "The longest the job may be active before it fails (default: no limit; 0 or none = no limit).",
            HelpName = "DURATION",
            CustomParser = result => ParseDuration(result, "--max-download-time", allowNone: true),
        };
        var replacing = forChange ? " Replaces all of the job's headers." : "";
        _headers = new Option<string[]>("--header", "-H")
        {
            Description = $"A request header \"Name: value\" sent with every request to the job's own server; repeat for several.{replacing} Anyone on this machine can read a command line: put secrets in a --header-file.",
            HelpName = "HEADER",
            CustomParser = ParseHeaders,
        };
        _headerFile = new Option<string?>("--header-file")
        {
            Description = $"Read request headers from FILE, one \"Name: value\" per line (blank lines and lines starting with # are skipped); - reads standard input. Keeps secrets such as tokens out of the command line.{replacing}",
            HelpName = "FILE",
        };
        _writeOnlyHeaders = new Option<bool>("--write-only-headers")
        {
            Description = "Never show the job's custom headers again, not even their names (info shows their values as *** otherwise).",
        };
        _headersToOtherOrigins = new Option<string?>("--headers-to-other-origins")
        {
            Description = "yes: also send the custom headers where a redirect leads to another server (scheme, host or port); no (default): only to the job's own. "
                + "Authorization and Cookie headers never go elsewhere.",
            HelpName = "yes|no",
            CustomParser = result => Parse<bool>(result, "--headers-to-other-origins", JobOptionParsers.TryParseYesNo) is { } yes ? (yes ? "yes" : "no") : null,
        };
        if (forChange)
        {
            _clearHeaders = new Option<bool>("--clear-headers") { Description = "Remove all of the job's custom headers." };
            _clearCredentials = new Option<bool>("--clear-credentials") { Description = "Remove all of the job's credentials (server and proxy)." };
            _noNotify = new Option<bool>("--no-notify") { Description = "Remove the job's notification program." };
        }

        var replaces = forChange ? " Replaces the job's server credential; the proxy one is kept." : "";
        _user = new Option<string?>("--user")
        {
            Description = $"A user name for the server (DOMAIN\\user for NTLM/Negotiate). The password is never an option: it comes from {PasswordReader.ServerVariable} if set, else a prompt without echo on a terminal, else one line of standard input.{replaces}",
            HelpName = "NAME",
            CustomParser = result => ParseUserName(result, "--user"),
        };
        _auth = new Option<TransferAuthScheme?>("--auth")
        {
            Description = "How --user is presented to the server (default: basic; send Basic only over HTTPS).",
            HelpName = JobOptionParsers.AuthNames,
            CustomParser = result => Parse<TransferAuthScheme>(result, "--auth", JobOptionParsers.TryParseAuth),
        };
        _proxyUser = new Option<string?>("--proxy-user")
        {
            Description = $"A user name for the proxy; its password comes from {PasswordReader.ProxyVariable} if set, else a prompt, else standard input (after the server's).",
            HelpName = "NAME",
            CustomParser = result => ParseUserName(result, "--proxy-user"),
        };
        _proxyAuth = new Option<TransferAuthScheme?>("--proxy-auth")
        {
            Description = "How --proxy-user is presented to the proxy (default: basic).",
            HelpName = JobOptionParsers.AuthNames,
            CustomParser = result => Parse<TransferAuthScheme>(result, "--proxy-auth", JobOptionParsers.TryParseAuth),
        };
        _proxyUsage = new Option<TransferProxyUsage?>("--proxy-usage")
        {
            Description = "system: the host's http_proxy/https_proxy/no_proxy (default); none: connect directly; auto: as system; override: the --proxy list.",
            HelpName = JobOptionParsers.ProxyUsageNames,
            CustomParser = result => Parse<TransferProxyUsage>(result, "--proxy-usage", JobOptionParsers.TryParseProxyUsage),
        };
        _proxies = new Option<string[]>("--proxy")
        {
            Description = "A proxy, HOST:PORT or http://HOST:PORT; repeat (or separate with commas) for several, tried in order. Implies --proxy-usage override.",
            HelpName = "HOST:PORT",
            CustomParser = result => ParseList(result, "--proxy", JobOptionParsers.TryParseProxy),
        };
        _proxyBypass = new Option<string[]>("--proxy-bypass")
        {
            Description = "A host reached without the proxy (example.com, *.example.com, .example.com, <local>); repeat (or separate with commas) for several. Needs --proxy.",
            HelpName = "HOST",
            CustomParser = result => ParseList(result, "--proxy-bypass", JobOptionParsers.TryParseBypass),
        };
        _notify = new Option<string?>("--notify")
        {
            Description = "A program the host runs (no shell, no PATH search) when the job is Transferred or fails (see --notify-on); its path, made absolute. "
                + "The job's id is in BITSLITE_JOB_ID." + (forChange ? " Replaces the job's notification." : ""),
            HelpName = "PROGRAM",
            CustomParser = result => ParseProgram(result, currentDirectory),
        };
        _notifyArgs = new Option<string[]>("--notify-arg")
        {
            Description = "An argument for the --notify program, passed as is (nothing is expanded); repeat for several, in order.",
            HelpName = "ARG",
        };
        _notifyOn = new Option<TransferNotifyEvents?>("--notify-on")
        {
            Description = "When the --notify program runs (default: both).",
            HelpName = JobOptionParsers.NotifyOnNames,
            CustomParser = result => Parse<TransferNotifyEvents>(result, "--notify-on", JobOptionParsers.TryParseNotifyOn),
        };
        _network = new Option<TransferCostPolicy?>("--network")
        {
            Description = "any (default), or unmetered: the job waits, Queued, while the network is metered.",
            HelpName = JobOptionParsers.NetworkNames,
            CustomParser = result => Parse<TransferCostPolicy>(result, "--network", JobOptionParsers.TryParseNetwork),
        };
        if (forChange)
        {
            // transfer and create choose the method with --put (UploadOptions), where it comes with the job's type.
            _uploadMethod = new Option<UploadMethod?>("--upload-method")
            {
                Description = "An upload job's method from its next attempt: bits (the BITS upload protocol, resumable) or put (one plain HTTP PUT). Upload jobs only; put not for --upload-reply jobs.",
                HelpName = JobOptionParsers.UploadMethodNames,
                CustomParser = result => Parse<UploadMethod>(result, "--upload-method", JobOptionParsers.TryParseUploadMethod),
            };
        }
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option?[] options =
        [
            _name, _description, _priority, _maxBandwidth, _connections, _retryInterval, _retryTimeout, _maxDownloadTime,
            _headers, _headerFile, _writeOnlyHeaders, _headersToOtherOrigins, _clearHeaders,
            _user, _auth, _proxyUser, _proxyAuth, _clearCredentials,
            _proxyUsage, _proxies, _proxyBypass,
            _notify, _notifyArgs, _notifyOn, _noNotify,
            _network, _uploadMethod,
        ];
        foreach (var option in options.OfType<Option>())
        {
            command.Add(option);
        }
    }

    /// <summary>
    /// The settings given, as the host receives them: checked with the host's rules (a refusal is a usage error, exit
    /// code 2). Passwords of --user and --proxy-user are read last, and only when everything else is right.
    /// </summary>
    public TransferOptionsPatch Read(ParseResult result, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var headers = Headers(result, context);
        var patch = new TransferOptionsPatch
        {
            DisplayName = result.GetValue(_name),
            Description = result.GetValue(_description),
            Priority = result.GetValue(_priority),
            MaxBandwidth = result.GetValue(_maxBandwidth),
            Connections = result.GetValue(_connections),
            RetryInterval = result.GetValue(_retryInterval),
            RetryTimeout = result.GetValue(_retryTimeout),
            MaxDownloadTime = result.GetValue(_maxDownloadTime),
            CustomHeaders = headers,
            CustomHeadersWriteOnly = result.GetValue(_writeOnlyHeaders) ? true : null,
            CustomHeadersToOtherOrigins = result.GetValue(_headersToOtherOrigins) is { } yes ? yes == "yes" : null,
            Credentials = Flag(result, _clearCredentials) ? Cleared(result) : Credentials(result, null),
            Proxy = Proxy(result),
            Notification = Notification(result),
            TransferPolicy = result.GetValue(_network),
            UploadMethod = _uploadMethod is null ? null : result.GetValue(_uploadMethod),
        };
        Check(() => TransferOptionRules.Validate(patch));
        if (patch.Credentials is { Count: > 0 })
        {
            var reader = context.Passwords;
            patch = patch with { Credentials = Credentials(result, (target, user) => reader.Read(target, user, cancellationToken)) };
            Check(() => TransferOptionRules.ValidateCredentials(patch.Credentials!));
        }

        return patch;
    }

    /// <summary>A change for 'set', which needs something to change.</summary>
    public TransferOptionsPatch ReadChange(ParseResult result, CliContext context, CancellationToken cancellationToken)
    {
        var patch = Read(result, context, cancellationToken);
        return patch.IsEmpty ? throw CliException.Usage("nothing to change; give at least one option (see 'bitslite set --help')") : patch;
    }

    /// <summary>A new job's request with these settings; <paramref name="defaultPriority"/> unless --priority was given.</summary>
    public TransferRequest ReadRequest(ParseResult result, CliContext context, IReadOnlyList<TransferFileSpec> files, bool suspended, TransferPriority defaultPriority, CancellationToken cancellationToken)
    {
        var options = Read(result, context, cancellationToken);
        return new TransferRequest { Files = files, Suspended = suspended, Options = options with { Priority = options.Priority ?? defaultPriority } };
    }

    /// <summary>Checks a request about to be sent with the host's rules; a refusal is a usage error.</summary>
    public static void Check(TransferRequest request) => Check(() => TransferRequestRules.Validate(request));

    private static void Check(Action validate)
    {
        try
        {
            validate();
        }
        catch (TransferException ex) when (ex.Code == TransferErrorCode.InvalidArgument)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    private static bool Flag(ParseResult result, Option<bool>? option) => option is not null && result.GetValue(option);

    /// <summary>--header and --header-file together (the file's first), --clear-headers as none; null when neither was given.</summary>
    private string[]? Headers(ParseResult result, CliContext context)
    {
        var given = result.GetValue(_headers) ?? [];
        var file = result.GetValue(_headerFile);
        if (Flag(result, _clearHeaders))
        {
            return given.Length > 0 || file is not null
                ? throw CliException.Usage("give either --header/--header-file (to replace the headers) or --clear-headers, not both")
                : [];
        }

        if (file is null)
        {
            return given.Length == 0 ? null : given;
        }

        return [.. HeaderFile.Read(file, context), .. given];
    }

    private IReadOnlyList<TransferCredential> Cleared(ParseResult result) =>
        result.GetValue(_user) is not null || result.GetValue(_proxyUser) is not null
            ? throw CliException.Usage("--clear-credentials cannot be combined with --user or --proxy-user")
            : [];

    /// <summary>The server credential, then the proxy one; null when neither was given. Without a password source, their passwords are empty.</summary>
    private List<TransferCredential>? Credentials(ParseResult result, PasswordSource? readPassword)
    {
        var (user, auth, proxyUser, proxyAuth) = (result.GetValue(_user), result.GetValue(_auth), result.GetValue(_proxyUser), result.GetValue(_proxyAuth));
        if (auth is not null && user is null)
        {
            throw CliException.Usage("--auth needs --user");
        }

        if (proxyAuth is not null && proxyUser is null)
        {
            throw CliException.Usage("--proxy-auth needs --proxy-user");
        }

        var list = new List<TransferCredential>();
        if (user is not null)
        {
            list.Add(Credential(TransferCredentialTarget.Server, auth, user, readPassword));
        }

        if (proxyUser is not null)
        {
            list.Add(Credential(TransferCredentialTarget.Proxy, proxyAuth, proxyUser, readPassword));
        }

        return list.Count == 0 ? null : list;
    }

    private static TransferCredential Credential(TransferCredentialTarget target, TransferAuthScheme? scheme, string user, PasswordSource? readPassword) => new()
    {
        Target = target,
        Scheme = scheme ?? TransferOptionRules.DefaultAuthentication,
        UserName = user,
        Password = readPassword?.Invoke(target, user) ?? "",
    };

    /// <summary>The proxy settings; null when no proxy option was given. --proxy alone means Override.</summary>
    private TransferProxy? Proxy(ParseResult result)
    {
        var (usage, list, bypass) = (result.GetValue(_proxyUsage), result.GetValue(_proxies) ?? [], result.GetValue(_proxyBypass) ?? []);
        if (usage is null && list.Length == 0)
        {
            return bypass.Length > 0 ? throw CliException.Usage("--proxy-bypass needs --proxy HOST:PORT (proxy usage override)") : null;
        }

        return new TransferProxy { Usage = usage ?? TransferProxyUsage.Override, List = list, Bypass = bypass };
    }

    /// <summary>The notification; null when --notify was not given (and then --notify-arg and --notify-on are refused).</summary>
    private TransferNotification? Notification(ParseResult result)
    {
        var (program, arguments, on) = (result.GetValue(_notify), result.GetValue(_notifyArgs) ?? [], result.GetValue(_notifyOn));
        if (Flag(result, _noNotify))
        {
            return program is not null || arguments.Length > 0 || on is not null
                ? throw CliException.Usage("give either --notify (to replace the notification) or --no-notify, not both")
                : new TransferNotification { Program = "" };
        }

        if (program is null)
        {
            return arguments.Length > 0 || on is not null ? throw CliException.Usage("--notify-arg and --notify-on need --notify PROGRAM") : null;
        }

        return new TransferNotification { Program = program, Arguments = arguments, On = on ?? (TransferNotifyEvents.Transferred | TransferNotifyEvents.Error) };
    }
}

/// <summary>Gives the password of <paramref name="userName"/> for <paramref name="target"/> (see <see cref="PasswordReader"/>).</summary>
internal delegate string PasswordSource(TransferCredentialTarget target, string userName);
