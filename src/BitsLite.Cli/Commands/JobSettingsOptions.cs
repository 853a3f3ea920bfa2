using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Input;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// The job settings options of transfer, create and set. Sizes, durations, priorities, headers, schemes, proxies,
/// the notification program and the network are parsed while the command line is parsed, so a bad value is a parse
/// error (exit code 2) before anything reaches the host. Passwords are never options: see <see cref="Input.PasswordReader"/>.
/// </summary>
internal sealed class JobSettingsOptions
{
    private readonly Option<string?> _name = new("--name", "-n") { Description = "The job's display name (default: the first file's name).", HelpName = "NAME" };
    private readonly Option<string?> _description = new("--description") { Description = "A longer description (at most 1,024 characters).", HelpName = "TEXT" };
    private readonly Option<TransferPriority?> _priority;
    private readonly Option<long?> _maxBandwidth;
    private readonly Option<TimeSpan?> _retryInterval;
    private readonly Option<TimeSpan?> _retryTimeout;
    private readonly Option<TimeSpan?> _maxDownloadTime;
    private readonly Option<string[]> _headers;
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
    /// <param name="forChange">For 'set': 0/none clears limits, and --clear-headers, --clear-credentials, --no-notify and --upload-method exist.</param>
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
        _headers = new Option<string[]>("--header", "-H")
        {
            Description = forChange
                ? "A request header \"Name: value\"; repeat for several. Replaces all of the job's headers."
                : "A request header \"Name: value\" sent with every request; repeat for several.",
            HelpName = "HEADER",
            CustomParser = ParseHeaders,
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
        command.Add(_name);
        command.Add(_description);
        command.Add(_priority);
        command.Add(_maxBandwidth);
        command.Add(_retryInterval);
        command.Add(_retryTimeout);
        command.Add(_maxDownloadTime);
        command.Add(_headers);
        if (_clearHeaders is not null)
        {
            command.Add(_clearHeaders);
        }

        command.Add(_user);
        command.Add(_auth);
        command.Add(_proxyUser);
        command.Add(_proxyAuth);
        if (_clearCredentials is not null)
        {
            command.Add(_clearCredentials);
        }

        command.Add(_proxyUsage);
        command.Add(_proxies);
        command.Add(_proxyBypass);
        command.Add(_notify);
        command.Add(_notifyArgs);
        command.Add(_notifyOn);
        if (_noNotify is not null)
        {
            command.Add(_noNotify);
        }

        command.Add(_network);
        if (_uploadMethod is not null)
        {
            command.Add(_uploadMethod);
        }
    }

    public JobSettingsValues Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JobSettingsValues
        {
            DisplayName = result.GetValue(_name),
            Description = result.GetValue(_description),
            Priority = result.GetValue(_priority),
            MaxBandwidth = result.GetValue(_maxBandwidth),
            RetryInterval = result.GetValue(_retryInterval),
            RetryTimeout = result.GetValue(_retryTimeout),
            MaxDownloadTime = result.GetValue(_maxDownloadTime),
            Headers = result.GetValue(_headers) ?? [],
            ClearHeaders = _clearHeaders is not null && result.GetValue(_clearHeaders),
            UserName = result.GetValue(_user),
            Authentication = result.GetValue(_auth),
            ProxyUserName = result.GetValue(_proxyUser),
            ProxyAuthentication = result.GetValue(_proxyAuth),
            ClearCredentials = _clearCredentials is not null && result.GetValue(_clearCredentials),
            ProxyUsage = result.GetValue(_proxyUsage),
            ProxyList = result.GetValue(_proxies) ?? [],
            ProxyBypass = result.GetValue(_proxyBypass) ?? [],
            NotifyProgram = result.GetValue(_notify),
            NotifyArguments = result.GetValue(_notifyArgs) ?? [],
            NotifyOn = result.GetValue(_notifyOn),
            NoNotify = _noNotify is not null && result.GetValue(_noNotify),
            TransferPolicy = result.GetValue(_network),
            UploadMethod = _uploadMethod is null ? null : result.GetValue(_uploadMethod),
        };
    }

    /// <summary>Reads the passwords of --user and --proxy-user as <paramref name="context"/> says (environment, prompt, standard input).</summary>
    public static PasswordSource Passwords(CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.Passwords;
        return (target, userName) => reader.Read(target, userName, cancellationToken);
    }

    private delegate bool TryParse<T>(string? text, out T value, [NotNullWhen(false)] out string? error);

    private delegate bool TryParseText(string? text, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error);

    /// <summary>A named value (scheme, proxy usage, events, network): "--option: 'x' is not …; use a|b|c."</summary>
    private static T? Parse<T>(ArgumentResult result, string option, TryParse<T> parse)
        where T : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (parse(text, out var value, out var error))
        {
            return value;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    private static string? ParseUserName(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (JobOptionParsers.TryParseUserName(text, out var userName, out var error))
        {
            return userName;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    private static string? ParseProgram(ArgumentResult result, string currentDirectory)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (JobOptionParsers.TryParseProgram(text, currentDirectory, out var program, out var error))
        {
            return program;
        }

        result.AddError($"--notify: {error}.");
        return null;
    }

    /// <summary>A repeatable option whose values may also be separated by commas.</summary>
    private static string[] ParseList(ArgumentResult result, string option, TryParseText parse)
    {
        var values = new List<string>();
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',')))
        {
            if (!parse(part, out var value, out var error))
            {
                result.AddError($"{option}: {error}.");
                return [];
            }

            values.Add(value);
        }

        return [.. values];
    }

    private static TransferPriority? ParsePriority(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (PriorityParser.TryParse(text, out var priority, out var error))
        {
            return priority;
        }

        result.AddError("--priority: " + error + ".");
        return null;
    }

    /// <summary>A size option's value (also used by 'policy set').</summary>
    public static long? ParseSize(ArgumentResult result, string option)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ByteSizeParser.TryParse(text, out var bytes, out var error))
        {
            return bytes;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result, string option, bool allowNone)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DurationParser.TryParse(text, out var duration, out var error, allowNone))
        {
            return duration;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    private static string[] ParseHeaders(ArgumentResult result)
    {
        var headers = new List<string>();
        foreach (var token in result.Tokens)
        {
            if (!HeaderParser.TryParse(token.Value, out var header, out var error))
            {
                result.AddError($"--header: {error}.");
                return [];
            }

            headers.Add(header);
        }

        return [.. headers];
    }
}
