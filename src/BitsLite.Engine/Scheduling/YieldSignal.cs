namespace BitsLite.Engine.Scheduling;

/// <summary>
/// The token an attempt watches to give up its slot when a gate (a bandwidth schedule, the network's cost) says it
/// must. <see cref="Yield"/> cancels it on the thread pool, so the attempt's callbacks never run on the gate's thread
/// (a policy change, a timer) or under its lock; <see cref="Dispose"/> lets that cancellation finish first.
/// </summary>
internal sealed class YieldSignal : IDisposable
{
    private readonly CancellationTokenSource _yield = new();
    private readonly Lock _lock = new();
    private Task? _stopping;
    private bool _disposed;

    public YieldSignal() => Token = _yield.Token;

    /// <summary>Cancelled once <see cref="Yield"/> is called.</summary>
    public CancellationToken Token { get; }

    /// <summary>Cancels <see cref="Token"/> (once; nothing after <see cref="Dispose"/>).</summary>
    public void Yield()
    {
        lock (_lock)
        {
            if (!_disposed && !_yield.IsCancellationRequested)
            {
                _stopping = _yield.CancelAsync();
            }
        }
    }

    /// <summary>Disposes the token's source, after a cancellation in progress has run.</summary>
    public void Dispose()
    {
        Task? stopping;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            stopping = _stopping;
        }

        if (stopping is null)
        {
            _yield.Dispose();
        }
        else
        {
            _ = stopping.ContinueWith(t =>
            {
                _ = t.Exception;
                _yield.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
