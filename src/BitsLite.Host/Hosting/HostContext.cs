using BitsLite.Engine;
using BitsLite.Host.Logging;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Hosting;

/// <summary>What the parts of a running host share: where it lives, its log, its engine, and how to stop it.</summary>
internal sealed class HostContext
{
    private readonly CancellationTokenSource _stop;

    // Admitting a client and deciding to stop for idleness exclude each other, so no client is welcomed by a host
    // that is about to go.
    private readonly Lock _admission = new();
    private int _clients;

    public HostContext(BitsLitePaths paths, HostLog log, TransferEngine engine, HostArguments arguments, CancellationTokenSource stop, TimeProvider time)
    {
        Paths = paths;
        Log = log;
        Engine = engine;
        Arguments = arguments;
        _stop = stop;
        StartTime = time.GetUtcNow();
    }

    public static string Version { get; } = "bitslite-host/" + typeof(HostContext).Assembly.GetName().Version?.ToString(3);

    public BitsLitePaths Paths { get; }

    public HostLog Log { get; }

    public TransferEngine Engine { get; }

    public HostArguments Arguments { get; }

    public DateTimeOffset StartTime { get; }

    public int Clients => Volatile.Read(ref _clients);

    /// <summary>Raised after a client is admitted or leaves.</summary>
    public event Action? ClientsChanged;

    /// <summary>Counts a client in, unless the host is stopping (then the caller closes without a welcome, and clients retry).</summary>
    public bool TryAdmitClient()
    {
        lock (_admission)
        {
            if (_stop.IsCancellationRequested)
            {
                return false;
            }

            _clients++;
        }

        ClientsChanged?.Invoke();
        return true;
    }

    public void ClientLeft()
    {
        lock (_admission)
        {
            _clients--;
        }

        ClientsChanged?.Invoke();
    }

    /// <summary>Stops the host if no client is admitted and <paramref name="isIdle"/> still holds; returns whether it did.</summary>
    public bool StopIfIdle(Func<bool> isIdle, string reason)
    {
        lock (_admission)
        {
            if (_clients > 0 || !isIdle())
            {
                return false;
            }

            RequestStop(reason);
            return true;
        }
    }

    public void RequestStop(string reason)
    {
        if (!_stop.IsCancellationRequested)
        {
            Log.Info($"Stopping: {reason}.");
            _stop.Cancel();
        }
    }

    public HostStatus Status()
    {
        var activity = Engine.Activity;
        return new HostStatus
        {
            ProcessId = Environment.ProcessId,
            Version = Version,
            Protocol = ProtocolVersion.Current,
            StartTime = StartTime,
            DataRoot = Paths.DataRoot,
            Database = Paths.Database,
            LogFile = Paths.LogFile,
            Socket = Paths.Socket,
            ActiveTransfers = activity.ActiveJobs,
            LiveTransfers = activity.LiveJobs,
            Clients = Clients,
            IdleTimeout = Arguments.IdleTimeout,
        };
    }
}
