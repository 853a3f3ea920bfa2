using System.Globalization;
using BitsLite.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BitsLite.UploadServer;

/// <summary>
/// The web application: Kestrel on the given URLs with one upload endpoint. Standard output gets one line when it
/// listens and one line per finished upload; log messages (warnings and errors) go to standard error, and so does one
/// line at the start when it listens where other machines can reach it.
/// </summary>
internal static class UploadServerHost
{
    public static WebApplication Build(UploadServerSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var minBodyRate = settings.MinBodyRate > 0 ? new MinDataRate(settings.MinBodyRate, settings.MinBodyRateGrace) : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. settings.Urls]);

        // The endpoint sets the rate per request, which HTTP/2 does not allow: its connections go by the server's limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = minBodyRate);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        if (settings.ForwardedFor)
        {
            // The middleware's defaults believe the header only from loopback addresses, and take its last address.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        }

        var directory = Path.GetFullPath(settings.Directory);
        app.MapBitsUploads(settings.Path, options =>
        {
            options.UploadDirectory = directory;
            options.SessionDirectory = settings.SessionDirectory;
            options.MaxUploadSize = settings.MaxSize;
            options.SessionTimeout = settings.SessionTimeout;
            options.MaxSessionsPerClient = settings.MaxSessionsPerClient;
            options.MaxSessions = settings.MaxSessions;
            options.MinRequestBodyDataRate = minBodyRate;
            options.AllowOverwrite = settings.AllowOverwrite;
            options.UploadCompleted = (file, _) =>
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{TimeProvider.System.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} received {file.Name} {file.Length} bytes ({(file.Method == UploadMethod.Bits ? "BITS" : "PUT")}) -> {file.Path}"));
                return Task.CompletedTask;
            };
        });

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                output.WriteLine($"listening on {address.TrimEnd('/')}{settings.Path.TrimEnd('/')}/ (files go to {directory}; Ctrl+C stops)");
            }

            if (ListenAddresses.Warning(addresses) is { } warning)
            {
                error.WriteLine(warning);
            }
        });
        return app;
    }
}
