using System.CommandLine;
using System.CommandLine.Parsing;
using BitsLite.Cli.Arguments;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// The job settings options of transfer, create and set. Sizes, durations, priorities and headers are
/// parsed while the command line is parsed, so a bad value is a parse error (exit code 2) before anything
/// reaches the host.
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

    /// <param name="defaultPriority">What the help says the priority is when not given.</param>
    /// <param name="forChange">For 'set': 0/none clears limits, and --clear-headers exists.</param>
    public JobSettingsOptions(string defaultPriority, bool forChange)
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
        };
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
