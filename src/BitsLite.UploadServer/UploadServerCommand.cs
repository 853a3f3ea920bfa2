using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BitsLite.Server;

namespace BitsLite.UploadServer;

/// <summary>The <c>bitslite-upload-server</c> command line.</summary>
internal static class UploadServerCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";
    public const string DefaultPath = "/uploads";

    /// <summary>Kestrel refuses a grace period up to its heartbeat, one second.</summary>
    private static readonly TimeSpan MinimumGrace = TimeSpan.FromSeconds(1);

    /// <summary>Parses and runs. Ctrl+C and SIGTERM are the web host's to handle (graceful shutdown), not the command line's.</summary>
    public static Task<int> InvokeAsync(string[] args) =>
        Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

    public static RootCommand Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated (http://host:port; port 0 picks a free one)",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var directory = new Option<string>("--directory", "-d")
        {
            Description = "Where finished uploads appear (created if missing)",
            Required = true,
        };
        var sessionDirectory = new Option<string?>("--session-directory")
        {
            Description = "Where open sessions keep their bytes (default: DIRECTORY/BITS-Sessions)",
        };
        var maxSize = new Option<long?>("--max-size")
        {
            Description = $"The largest file accepted; larger uploads get 413: {SizeParser.FormatHelp} "
                + $"(default: {SizeParser.Format(BitsUploadOptions.DefaultMaxUploadSize)})",
            CustomParser = Size,
        };
        var sessionTimeout = new Option<TimeSpan?>("--session-timeout")
        {
            Description = $"How long an idle session is kept: {DurationParser.FormatHelp} "
                + $"(default: {DurationParser.Format(BitsUploadOptions.DefaultSessionTimeout)})",
            CustomParser = Duration,
        };
        var maxSessionsPerClient = new Option<int?>("--max-sessions-per-client")
        {
            Description = "Open BITS sessions one client address may have; one more Create-Session gets 503, which BITS clients retry later "
                + $"(default: {BitsUploadOptions.DefaultMaxSessionsPerClient})",
            CustomParser = PositiveCount,
        };
        var maxSessions = new Option<int?>("--max-sessions")
        {
            Description = $"Open BITS sessions in all, every client together (default: {BitsUploadOptions.DefaultMaxSessions})",
            CustomParser = PositiveCount,
        };
        var minBodyRate = new Option<long?>("--min-body-rate")
        {
            Description = "The slowest an upload body may arrive, in bytes per second on average once the grace period is over; a slower one "
                + $"is cut off with 408 (BITS clients retry). 0 turns it off (default: {SizeParser.Format(UploadServerSettings.DefaultMinBodyRate)})",
            CustomParser = Size,
        };
        var minBodyRateGrace = new Option<TimeSpan?>("--min-body-rate-grace")
        {
            Description = "How long a body may come slower than --min-body-rate at its start: more than 1s "
                + $"(default: {DurationParser.Format(UploadServerSettings.DefaultMinBodyRateGrace)})",
            CustomParser = Grace,
        };
        var allowOverwrite = new Option<bool>("--allow-overwrite")
        {
            Description = "Let an upload replace an existing file (default: refused)",
        };
        var forwardedFor = new Option<bool>("--forwarded-for")
        {
            Description = "Count clients by the address in X-Forwarded-For, believed only from a reverse proxy on this machine (a loopback "
                + "address); without it every client behind the proxy shares the proxy's --max-sessions-per-client (default: off)",
        };
        var path = new Option<string>("--path")
        {
            Description = "The URL path uploads go to: PATH/NAME",
            DefaultValueFactory = _ => DefaultPath,
        };

        var root = new RootCommand(
            "bitslite-upload-server: receives uploads with the BITS upload protocol (BITS_POST) and plain HTTP PUT. "
            + "A finished file appears in DIRECTORY only when complete; standard output gets one line per upload. "
            + "It has NO AUTHENTICATION: anyone who can reach it can upload, within the limits below. It listens on loopback by default; "
            + "to take uploads from other machines, put it behind a reverse proxy that authenticates.")
        {
            urls, directory, sessionDirectory, maxSize, sessionTimeout, maxSessionsPerClient, maxSessions, minBodyRate, minBodyRateGrace,
            allowOverwrite, forwardedFor, path,
        };
        root.SetAction(async (parseResult, _) =>
        {
            var parsed = new UploadServerSettings
            {
                Urls = parseResult.GetRequiredValue(urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Directory = parseResult.GetRequiredValue(directory),
                SessionDirectory = parseResult.GetValue(sessionDirectory),
                MaxSize = parseResult.GetValue(maxSize) ?? BitsUploadOptions.DefaultMaxUploadSize,
                SessionTimeout = parseResult.GetValue(sessionTimeout) ?? BitsUploadOptions.DefaultSessionTimeout,
                MaxSessionsPerClient = parseResult.GetValue(maxSessionsPerClient) ?? BitsUploadOptions.DefaultMaxSessionsPerClient,
                MaxSessions = parseResult.GetValue(maxSessions) ?? BitsUploadOptions.DefaultMaxSessions,
                MinBodyRate = parseResult.GetValue(minBodyRate) ?? UploadServerSettings.DefaultMinBodyRate,
                MinBodyRateGrace = parseResult.GetValue(minBodyRateGrace) ?? UploadServerSettings.DefaultMinBodyRateGrace,
                AllowOverwrite = parseResult.GetValue(allowOverwrite),
                ForwardedFor = parseResult.GetValue(forwardedFor),
                Path = parseResult.GetRequiredValue(path),
            };
            var app = UploadServerHost.Build(parsed, Console.Out, Console.Error);
            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return root;
    }

    private static long? Size(ArgumentResult result) =>
        SizeParser.TryParse(result.Tokens[0].Value, out var bytes, out var error) ? bytes : Fail<long?>(result, error);

    private static TimeSpan? Duration(ArgumentResult result) =>
        DurationParser.TryParse(result.Tokens[0].Value, out var duration, out var error) ? duration : Fail<TimeSpan?>(result, error);

    private static TimeSpan? Grace(ArgumentResult result)
    {
        var grace = Duration(result);
        return grace <= MinimumGrace ? Fail<TimeSpan?>(result, $"--min-body-rate-grace must be more than 1s, not '{result.Tokens[0].Value}'") : grace;
    }

    private static int? PositiveCount(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : Fail<int?>(result, $"'{text}' is not a count; give a whole number of 1 or more");
    }

    private static T Fail<T>(ArgumentResult result, string error)
    {
        result.AddError(error);
        return default!;
    }
}
