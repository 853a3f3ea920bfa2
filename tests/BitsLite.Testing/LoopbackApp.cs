using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BitsLite.Testing;

/// <summary>
/// Kestrel (HTTP/1.1 only, no Server header) on 127.0.0.1 with an ephemeral port, running one request handler: the
/// hosting the test servers share. Disposing cancels <see cref="Stopping"/> first, so that held responses end, then
/// stops the server (giving open connections 5 s).
/// </summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private LoopbackApp(WebApplication app)
    {
        _app = app;
        Stopping = _stopping.Token;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Cancelled when the server begins to stop (still usable after that).</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Starts a server that answers every request with <paramref name="handle"/>.</summary>
    /// <param name="handle">The request handler.</param>
    /// <param name="limits">Kestrel's limits for this server (e.g. no minimum data rate for paced responses).</param>
    public static async Task<LoopbackApp> StartAsync(RequestDelegate handle, Action<KestrelServerLimits> limits)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            limits(options.Limits);
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(handle);
        var server = new LoopbackApp(app);
        try
        {
            await app.StartAsync();
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            server.Port = new Uri(addresses.Addresses.Single()).Port;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Remaining connections are torn down by DisposeAsync below.
            }
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
