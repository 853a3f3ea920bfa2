using System.Runtime.InteropServices;
using BitsLite.Engine;
using BitsLite.Engine.Network;
using BitsLite.Host.Logging;
using BitsLite.Host.Server;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;
using BitsLite.Protocol.Hosting;

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

    public static async Task<int> RunAsync(HostArguments arguments, BitsLitePaths paths, TextWriter console)
    {
        // Nothing is written, not even the log, until the data root and everything in it are known to be ours alone.
        try
        {
            DataRootGuard.Prepare(paths);
        }
        catch (TransferException ex)
        {
            console.WriteLine($"bitslite-host: {ex.Message}");
            return ExitFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.WriteLine($"bitslite-host: cannot use the data root '{paths.DataRoot}': {ex.Message}");
            return ExitFailed;
        }

        using (var log = new HostLog(paths.LogFile))
        {
            // Whatever escapes anywhere at least leaves its trace where users look.
            AppDomain.CurrentDomain.UnhandledException += (_, e) => log.Error("Unhandled exception; the host stops.", e.ExceptionObject as Exception);
            TaskScheduler.UnobservedTaskException += (_, e) => log.Error("Unobserved task exception.", e.Exception);
            try
            {
                return await RunLockedAsync(arguments, paths, log, console).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Start-up failures of any kind become a log line and exit code 1, never a crash dump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                log.Error("The host failed.", ex);
                console.WriteLine($"bitslite-host: {ex.Message} (see {paths.LogFile})");
                return ExitFailed;
            }
        }
    }

    private static async Task<int> RunLockedAsync(HostArguments arguments, BitsLitePaths paths, HostLog log, TextWriter console)
    {
        // The lock sits beside the socket: two hosts that would bind the same socket (say, with different data roots
        // but one XDG_RUNTIME_DIR) must exclude each other, or the second would unlink the first one's socket.
        using var instance = await AcquireLockAsync(paths, arguments.StartedByClient).ConfigureAwait(false);
        if (instance is null)
        {
            console.WriteLine($"bitslite-host: another host is already running for '{paths.Socket}'.");
            return HostCommandLine.ExitAlreadyRunning;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop, log, "SIGTERM"));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop, log, "SIGINT"));
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true);

        var warmup = ProtocolWarmup.StartAsync();
        log.Info($"{HostContext.Version} starting (pid {Environment.ProcessId}, data '{paths.DataRoot}', socket '{paths.Socket}', "
            + $"idle timeout {(arguments.IdleTimeout is { } t ? $"{t.TotalSeconds:0} s" : "none")}).");
        TransferEngine engine;
        try
        {
            engine = await TransferEngine.OpenAsync(new TransferEngineOptions
            {
                DatabasePath = paths.Database,
                NetworkCostProvider = NetworkCostProviders.ForThisSystem(),
                NetworkChangeSource = new SystemNetworkChangeSource(),
                BackgroundBackoff = arguments.Backoff,
                Log = (level, message) =>
                {
                    if (level == EngineLogLevel.Warning)
                    {
                        log.Warn(message);
                    }
                    else
                    {
                        log.Info(message);
                    }
                },
            }).ConfigureAwait(false);
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
                await warmup.ConfigureAwait(false);
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

    /// <summary>
    /// A host a client started waits a little for the lock, but only while no other host listens: the holder may be
    /// a host that is stopping, and waiting here spares the client from starting host after host until it has gone.
    /// When another host answers (it won a race of two clients), this one gives way at once.
    /// </summary>
    private static async Task<InstanceLock?> AcquireLockAsync(BitsLitePaths paths, bool wait)
    {
        var patience = wait ? TimeSpan.FromSeconds(5) : TimeSpan.Zero;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (InstanceLock.TryAcquire(paths.LockFile) is { } acquired)
            {
                return acquired;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= patience || await IsListeningAsync(paths.Socket).ConfigureAwait(false))
            {
                return null;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsListeningAsync(string socketPath)
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath)).ConfigureAwait(false);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
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
                    var reason = t.QueueReason is { } why ? $" ({why})" : "";
                    log.Info($"Transfer {t.Id} '{t.Options.DisplayName}' is {t.State}{reason}{error}.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
