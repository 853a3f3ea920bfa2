using System.Net;
using BitsLite.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Tests.Support;

/// <summary>
/// A real Kestrel on 127.0.0.1 (a free port) with one MapBitsUploads endpoint at /uploads, its directories in a temp
/// directory, a manual clock, a log recorder, and an HttpClient for it. <see cref="RestartAsync"/> starts a fresh server on the same
/// directories (and clock), as a process restart would.
/// </summary>
internal sealed class UploadTestServer : IAsyncDisposable
{
    public const string Pattern = "/uploads";

    private readonly TempDirectory _root;
    private readonly Action<BitsUploadOptions>? _configure;
    private readonly bool _http2;
    private WebApplication _app;

    private UploadTestServer(
        TempDirectory root, Action<BitsUploadOptions>? configure, bool http2, WebApplication app, ManualTimeProvider time, LogRecorder log)
    {
        Time = time;
        Log = log;
        _root = root;
        _configure = configure;
        _http2 = http2;
        _app = app;
        Client = NewClient(app, http2);
    }

    public ManualTimeProvider Time { get; }

    /// <summary>What the server logged, across restarts.</summary>
    public LogRecorder Log { get; }

    public HttpClient Client { get; private set; }

    public string UploadDirectory => _root.File("uploaded");

    public string SessionDirectory => Path.Join(UploadDirectory, BitsUploadOptions.DefaultSessionFolderName);

    /// <summary>The URL of a name below the endpoint; the name is used as given (escape it yourself).</summary>
    public Uri Url(string escapedName = "") => new(Client.BaseAddress!, Pattern.TrimStart('/') + (escapedName.Length > 0 ? "/" + escapedName : ""));

    public string SessionPath(string sessionId) => Path.Join(SessionDirectory, Guid.Parse(sessionId).ToString("D"));

    /// <summary>The names in the upload directory, the session directory left out.</summary>
    public string[] UploadedNames() => [.. Directory.EnumerateFileSystemEntries(UploadDirectory)
        .Select(Path.GetFileName)
        .Where(name => name != BitsUploadOptions.DefaultSessionFolderName)
        .Order(StringComparer.Ordinal)!];

    /// <param name="configure">Options on top of the upload directory and the manual clock.</param>
    /// <param name="http2">Serve cleartext HTTP/2 only (prior knowledge), and make the client speak it.</param>
    public static async Task<UploadTestServer> StartAsync(Action<BitsUploadOptions>? configure = null, bool http2 = false)
    {
        var root = new TempDirectory();
        var time = new ManualTimeProvider();
        var log = new LogRecorder();
        return new UploadTestServer(root, configure, http2, await StartAppAsync(time, log, root, configure, http2), time, log);
    }

    public async Task RestartAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = await StartAppAsync(Time, Log, _root, _configure, _http2);
        Client = NewClient(_app, _http2);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }

    private static async Task<WebApplication> StartAppAsync(
        ManualTimeProvider time, LogRecorder log, TempDirectory root, Action<BitsUploadOptions>? configure, bool http2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(
            IPAddress.Loopback, 0, listen => listen.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        var app = builder.Build();
        app.MapBitsUploads(Pattern, options =>
        {
            options.UploadDirectory = root.File("uploaded");
            options.TimeProvider = time;
            configure?.Invoke(options);
        });
        await app.StartAsync();
        return app;
    }

    private static HttpClient NewClient(WebApplication app, bool http2)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        HttpMessageHandler handler = http2 ? new Http2Only { InnerHandler = new SocketsHttpHandler() } : new SocketsHttpHandler();
        return new HttpClient(handler) { BaseAddress = new Uri(address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Sends every request, however it was made, as cleartext HTTP/2 (prior knowledge).</summary>
    private sealed class Http2Only : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
