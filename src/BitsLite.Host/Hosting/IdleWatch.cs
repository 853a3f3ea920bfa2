using BitsLite.Protocol.Transfers;

namespace BitsLite.Host.Hosting;

/// <summary>
/// Stops a host that has had no client and no active job for its idle timeout. Event-driven: it looks again
/// only when a client comes or goes or a job changes state, and otherwise sleeps in one timer, so an idle
/// host uses no CPU. It never stops a host with active jobs, however long they take.
/// </summary>
internal sealed class IdleWatch : IAsyncDisposable
{
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(10);

    private readonly HostContext _host;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _watching;
    private bool _armed;

    public IdleWatch(HostContext host, TimeSpan timeout, TimeProvider time)
    {
        _host = host;
        _timeout = timeout;
        _timer = time.CreateTimer(_ => Expired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        host.ClientsChanged += Check;
        _watching = WatchJobsAsync();

        // The first wait is at least StartupGrace: the client that started this host has yet to connect, and a
        // short idle timeout must not stop the host before it does.
        lock (_lock)
        {
            if (IsIdle && !_armed)
            {
                _timer.Change(timeout > StartupGrace ? timeout : StartupGrace, Timeout.InfiniteTimeSpan);
                _armed = true;
            }
        }
    }

    private bool IsIdle => _host.Clients == 0 && _host.Engine.Activity.ActiveJobs == 0;

    private async Task WatchJobsAsync()
    {
        using var subscription = _host.Engine.Subscribe();
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                if (e.Kind != TransferEventKind.Progress)
                {
                    Check();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Arms the timer when the host just became idle, disarms it when it is busy again.</summary>
    private void Check()
    {
        lock (_lock)
        {
            var idle = IsIdle;
            if (idle && !_armed)
            {
                _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
            }
            else if (!idle && _armed)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _armed = idle;
        }
    }

    private void Expired()
    {
        lock (_lock)
        {
            _armed = false;
        }

        // Decided under the host's admission lock: a client admitted meanwhile keeps the host, one that comes later is turned away.
        if (!_host.StopIfIdle(() => _host.Engine.Activity.ActiveJobs == 0, $"idle for {_timeout.TotalSeconds:0} s with no client and no active transfer"))
        {
            Check();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _host.ClientsChanged -= Check;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
