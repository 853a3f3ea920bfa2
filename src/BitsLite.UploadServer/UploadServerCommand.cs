using System.CommandLine;
using System.CommandLine.Parsing;

namespace BitsLite.UploadServer;

/// <summary>The <c>bitslite-upload-server</c> command line.</summary>
internal static class UploadServerCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";
    public const string DefaultPath = "/uploads";

    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromDays(14);

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
            Description = "The largest file accepted: " + SizeParser.FormatHelp + " (default: no limit)",
            CustomParser = result => SizeParser.TryParse(result.Tokens[0].Value, out var bytes, out var error) ? bytes : Fail<long?>(result, error),
        };
        var sessionTimeout = new Option<TimeSpan?>("--session-timeout")
        {
            Description = "How long an idle session is kept: " + DurationParser.FormatHelp + " (default: 14d)",
            CustomParser = result => DurationParser.TryParse(result.Tokens[0].Value, out var duration, out var error) ? duration : Fail<TimeSpan?>(result, error),
        };
        var allowOverwrite = new Option<bool>("--allow-overwrite")
        {
            Description = "Let an upload replace an existing file (default: refused)",
        };
        var path = new Option<string>("--path")
        {
            Description = "The URL path uploads go to: PATH/NAME",
            DefaultValueFactory = _ => DefaultPath,
        };

        var root = new RootCommand(
            "bitslite-upload-server: receives uploads with the BITS upload protocol (BITS_POST) and plain HTTP PUT. "
            + "A finished file appears in DIRECTORY only when complete; standard output gets one line per upload.")
        {
            urls, directory, sessionDirectory, maxSize, sessionTimeout, allowOverwrite, path,
        };
        root.SetAction(async (parseResult, _) =>
        {
            var parsed = new UploadServerSettings
            {
                Urls = parseResult.GetRequiredValue(urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Directory = parseResult.GetRequiredValue(directory),
                SessionDirectory = parseResult.GetValue(sessionDirectory),
                MaxSize = parseResult.GetValue(maxSize),
                SessionTimeout = parseResult.GetValue(sessionTimeout) ?? DefaultSessionTimeout,
                AllowOverwrite = parseResult.GetValue(allowOverwrite),
                Path = parseResult.GetRequiredValue(path),
            };
            var app = UploadServerHost.Build(parsed, Console.Out);
            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return root;
    }

    private static T Fail<T>(ArgumentResult result, string error)
    {
        result.AddError(error);
        return default!;
    }
}
