using System.Globalization;
using BitsLite.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BitsLite.UploadServer;

/// <summary>
/// The web application: Kestrel on the given URLs with one upload endpoint. Standard output gets one line when it
/// listens and one line per finished upload; log messages (warnings and errors) go to standard error.
/// </summary>
internal static class UploadServerHost
{
    public static WebApplication Build(UploadServerSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. settings.Urls]);
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
        var directory = Path.GetFullPath(settings.Directory);
        app.MapBitsUploads(settings.Path, options =>
        {
            options.UploadDirectory = directory;
            options.SessionDirectory = settings.SessionDirectory;
            options.MaxUploadSize = settings.MaxSize;
            options.SessionTimeout = settings.SessionTimeout;
            options.AllowOverwrite = settings.AllowOverwrite;
            options.UploadCompleted = (file, _) =>
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} received {file.Name} {file.Length} bytes ({(file.Method == UploadMethod.Bits ? "BITS" : "PUT")}) -> {file.Path}"));
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
        });
        return app;
    }
}
