using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>
/// Option values parsed while the command line is parsed, so that a bad value is a parse error (exit code 2) that names
/// its option: "--option: 'x' is not …; use a|b|c."
/// </summary>
internal static class OptionValueParsers
{
    public delegate bool TryParse<T>(string? text, out T value, [NotNullWhen(false)] out string? error);

    public delegate bool TryParseText(string? text, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error);

    /// <summary>A named value (scheme, proxy usage, events, network): "--option: 'x' is not …; use a|b|c."</summary>
    public static T? Parse<T>(ArgumentResult result, string option, TryParse<T> parse)
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

    public static string? ParseUserName(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (JobOptionParsers.TryParseUserName(text, out var userName, out var error))
        {
            return userName;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    public static string? ParseProgram(ArgumentResult result, string currentDirectory)
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
    public static string[] ParseList(ArgumentResult result, string option, TryParseText parse)
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

    public static TransferPriority? ParsePriority(ArgumentResult result)
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

    public static TimeSpan? ParseDuration(ArgumentResult result, string option, bool allowNone)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DurationParser.TryParse(text, out var duration, out var error, allowNone))
        {
            return duration;
        }

        result.AddError($"{option}: {error}.");
        return null;
    }

    public static string[] ParseHeaders(ArgumentResult result)
    {
        var headers = new List<string>();
        foreach (var token in result.Tokens)
        {
            if (!TransferOptionRules.TryParseHeader(token.Value, out var header, out var error))
            {
                result.AddError($"--header: {error}");
                return [];
            }

            headers.Add(header);
        }

        return [.. headers];
    }
}
