namespace BitsLite.Engine.Network;

/// <summary>
/// Turns a burst of network change events into one call: <see cref="TransferEngineOptions.NetworkChangeDelay"/> after the
/// first event of a burst (on the engine's clock), however many follow meanwhile; an event after that starts a new burst.
/// </summary>
internal sealed class NetworkChangeWatch : IAsyncDisposable
{
    private readonly INetworkChangeSource _source;
    private readonly TimeSpan _delay;
    private readonly Action _changed;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private bool _pending;
    private bool _disposed;

    public NetworkChangeWatch(INetworkChangeSource source, TimeProvider time, TimeSpan delay, Action changed)
    {
        _source = source;
        _delay = delay;
        _changed = changed;
        _timer = time.CreateTimer(_ => Settled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _source.NetworkChanged += OnNetworkChanged;
    }

    public async ValueTask DisposeAsync()
    {
        _source.NetworkChanged -= OnNetworkChanged;
        lock (_lock)
        {
            _disposed = true;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
    }

    private void OnNetworkChanged(object? sender, EventArgs e)
    {
        lock (_lock)
        {
            if (_disposed || _pending)
            {
                return;
            }

            _pending = true;
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Settled()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _pending = false;
        }

        _changed();
    }
}
