using System.Runtime.InteropServices;
using BitsLite.Engine;
using BitsLite.Host.Logging;
using BitsLite.Host.Server;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Host.Hosting;

/// <summary>
/// The host's life: take the instance lock, open the store (resuming unfinished jobs), serve the socket, and on
/// SIGTERM/SIGINT, a stop request or idleness checkpoint and exit. Nothing here outlives <see cref="RunAsync"/>.
/// </summary>
internal static class HostService
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>Another host holds the lock; a launcher racing another treats this as success.</summary>
    public const int ExitAlreadyRunning = 3;

    public static async Task<int> RunAsync(HostArguments arguments, BitsLitePaths paths, TextWriter console)
    {
        CreateOwnerOnlyDirectory(paths.DataRoot);
        using var log = new HostLog(paths.LogFile);
        using var instance = InstanceLock.TryAcquire(Path.Combine(paths.DataRoot, "host.lock"));
        if (instance is null)
        {
            console.WriteLine($"bitslite-host: another host is already running for '{paths.DataRoot}'.");
            return ExitAlreadyRunning;
        }

        if (arguments.StartedByClient && !OperatingSystem.IsWindows())
        {
            // Leave the starting terminal's session, so closing it (SIGHUP) or Ctrl+C there cannot reach us.
            _ = NativeMethods.CreateSession();
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop, log, "SIGTERM"));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop, log, "SIGINT"));
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true);

        log.Info($"{HostContext.Version} starting (pid {Environment.ProcessId}, data '{paths.DataRoot}', socket '{paths.Socket}', "
            + $"idle timeout {(arguments.IdleTimeout is { } t ? $"{t.TotalSeconds:0} s" : "none")}).");
        TransferEngine engine;
        try
        {
            engine = await TransferEngine.OpenAsync(new TransferEngineOptions { DatabasePath = paths.Database }).ConfigureAwait(false);
        }
        catch (TransferException ex)
        {
            log.Error($"Cannot open the job store: {ex.Message}");
            console.WriteLine($"bitslite-host: {ex.Message}");
            return ExitFailed;
        }

        await using (engine.ConfigureAwait(false))
        {
            var host = new HostContext(paths, log, engine, arguments, stop, TimeProvider.System);
            var activity = engine.Activity;
            log.Info($"Job store open: {activity.LiveJobs} live jobs, {activity.ActiveJobs} resuming.");
            SocketServer server;
            try
            {
                server = SocketServer.Start(host, new RequestHandler(engine, host));
            }
            catch (Exception ex) when (ex is TransferException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                log.Error($"Cannot listen on '{paths.Socket}': {ex.Message}");
                console.WriteLine($"bitslite-host: cannot listen on '{paths.Socket}': {ex.Message}");
                return ExitFailed;
            }

            await using (server.ConfigureAwait(false))
            {
                var idle = arguments.IdleTimeout is { } timeout ? new IdleWatch(host, timeout, TimeProvider.System) : null;
                var journal = LogStateChangesAsync(engine, log, stop.Token);
                log.Info($"Listening on '{paths.Socket}'.");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                if (idle is not null)
                {
                    await idle.DisposeAsync().ConfigureAwait(false);
                }

                await journal.ConfigureAwait(false);
            }
        }

        log.Info("Stopped; unfinished jobs resume when a host next starts.");
        return ExitOk;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop, HostLog log, string signal)
    {
        // Cancel the default (immediate exit): we checkpoint and close first.
        context.Cancel = true;
        if (!stop.IsCancellationRequested)
        {
            log.Info($"Stopping: {signal}.");
            stop.Cancel();
        }
    }

    /// <summary>Writes every job state change to the log: what an admin reads when a job went wrong overnight.</summary>
    private static async Task LogStateChangesAsync(TransferEngine engine, HostLog log, CancellationToken stopping)
    {
        using var subscription = engine.Subscribe();
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                if (e.Kind is TransferEventKind.Created or TransferEventKind.StateChanged)
                {
                    var t = e.Transfer;
                    var error = t.Error is { } x && t.State is TransferState.Error or TransferState.TransientError ? $": {x.Description}" : "";
                    log.Info($"Transfer {t.Id} '{t.DisplayName}' is {t.State}{error}.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
