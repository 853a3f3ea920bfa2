using BitsLite.Engine.Jobs;
using BitsLite.Engine.Scheduling;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Network;

/// <summary>
/// Holds back jobs whose transfer policy is Unmetered while the network is metered, and stops running ones when it
/// becomes so. The cost is the override when one is set, else what the provider last said (Unknown counts as
/// unmetered). The provider is asked only while such a job waits or runs: when the first one arrives, then every
/// check interval on the engine's clock; never when no job cares.
/// </summary>
internal sealed class NetworkCostGate : IAsyncDisposable
{
    /// <summary>The <see cref="TransferInfo.QueueReason"/> of a job held back here.</summary>
    public const string WaitingReason = "waiting for an unmetered network (the current network is metered)";

    private readonly INetworkCostProvider _provider;
    private readonly JobStateChanger _changer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Action<EngineLogLevel, string>? _log;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly HashSet<TransferJob> _waiting = [];
    private readonly List<Watch> _watches = [];
    private NetworkCostOverride _override;
    private NetworkCost _observed = NetworkCost.Unknown;
    private long? _observedAt;
    private Task<NetworkCost>? _asking;
    private TaskCompletionSource _changed = NewSignal();
    private ITimer? _timer;
    private bool _providerFailed;
    private bool _disposed;

    public NetworkCostGate(INetworkCostProvider provider, NetworkCostOverride initial, JobStateChanger changer, TransferEngineOptions options)
    {
        _provider = provider;
        _override = initial;
        _changer = changer;
        _time = options.TimeProvider;
        _interval = options.NetworkCostCheckInterval;
        _log = options.Log;
    }

    /// <summary>What the provider said last (Unknown until it is first asked).</summary>
    public NetworkCost Observed
    {
        get
        {
            lock (_lock)
            {
                return _observed;
            }
        }
    }

    /// <summary>
    /// The override in force; setting it re-decides every waiting and running job at once (going back to Auto asks the
    /// provider unless it answered within the check interval).
    /// </summary>
    public NetworkCostOverride Override
    {
        get
        {
            lock (_lock)
            {
                return _override;
            }
        }

        set
        {
            lock (_lock)
            {
                if (_override == value)
                {
                    return;
                }

                _override = value;
            }

            Changed();
            AskIfStale();
        }
    }

    /// <summary>Whether jobs that need an unmetered network must wait now, by the last answer.</summary>
    public bool IsMetered
    {
        get
        {
            lock (_lock)
            {
                return EffectiveLocked() == NetworkCost.Metered;
            }
        }
    }

    /// <summary>Asks the provider now unless its last answer is younger than the check interval; returns what it observed.</summary>
    public async Task<NetworkCost> ObserveAsync(CancellationToken cancellationToken)
    {
        Task<NetworkCost> asking;
        lock (_lock)
        {
            if (_observedAt is { } at && _time.GetElapsedTime(at) < _interval)
            {
                return _observed;
            }

            asking = AskLocked();
        }

        return await asking.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns when <paramref name="job"/> may transfer: at once for a job that may use any network; for one that needs an
    /// unmetered network, once the network is not metered. While it waits the job shows <see cref="WaitingReason"/>.
    /// </summary>
    public async Task WaitUntilAllowedAsync(TransferJob job, int runId, CancellationToken cancellationToken)
    {
        var waited = false;
        var registered = false;
        try
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    changed = _changed.Task;
                }

                if (PolicyOf(job) != TransferCostPolicy.Unmetered)
                {
                    break;
                }

                if (!registered)
                {
                    lock (_lock)
                    {
                        _waiting.Add(job);
                    }

                    registered = true;
                    UpdateTimer();
                }

                if (Override == NetworkCostOverride.Auto)
                {
                    await ObserveAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!IsMetered)
                {
                    break;
                }

                if (!waited)
                {
                    _changer.SetQueueReason(job, runId, WaitingReason);
                    waited = true;
                }

                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (registered)
            {
                lock (_lock)
                {
                    _waiting.Remove(job);
                }

                UpdateTimer();
            }
        }

        if (waited)
        {
            // Time spent waiting for the network does not count against the job's retry timeout.
            _changer.SetQueueReason(job, runId, null, restartProgressClock: true);
        }
    }

    /// <summary>
    /// Follows a job while it holds a slot: the returned token is cancelled at the first check that finds the network
    /// metered while the job needs an unmetered one (at once if that is already so). Dispose when the attempt ends.
    /// </summary>
    public IDisposable Follow(TransferJob job, out CancellationToken mustYield)
    {
        var watch = new Watch(this, job);
        lock (_lock)
        {
            _watches.Add(watch);
        }

        mustYield = watch.Token;
        watch.Check(IsMetered);
        UpdateTimer();
        return watch;
    }

    /// <summary>
    /// A job's transfer policy changed: it may go now, or have to stop. The provider is asked at once unless it answered
    /// within the check interval, so a running job that now needs an unmetered network stops without waiting for a tick.
    /// </summary>
    public void PolicyChanged()
    {
        Changed();
        AskIfStale();
    }

    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_lock)
        {
            _disposed = true;
            timer = _timer;
            _timer = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TransferCostPolicy PolicyOf(TransferJob job)
    {
        lock (job.Gate)
        {
            return job.Options.TransferPolicy;
        }
    }

    private NetworkCost EffectiveLocked() => _override switch
    {
        NetworkCostOverride.Metered => NetworkCost.Metered,
        NetworkCostOverride.Unmetered => NetworkCost.Unmetered,
        _ => _observed,
    };

    /// <summary>One question to the provider at a time; callers that come meanwhile share its answer.</summary>
    private Task<NetworkCost> AskLocked() => _asking ??= Task.Run(AskAsync);

    private async Task<NetworkCost> AskAsync()
    {
        NetworkCost cost;
        try
        {
            cost = await _provider.GetCostAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            cost = NetworkCost.Unknown;
        }
#pragma warning disable CA1031 // A failing provider means "cannot tell", never a stuck or crashed engine.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            cost = NetworkCost.Unknown;
            if (!_providerFailed)
            {
                _providerFailed = true;
                _log?.Invoke(EngineLogLevel.Warning, $"Cannot tell whether the network is metered ({ex.GetType().Name}: {ex.Message}); it counts as unmetered.");
            }
        }

        bool changed;
        lock (_lock)
        {
            changed = cost != _observed;
            _observed = cost;
            _observedAt = _time.GetTimestamp();
            _asking = null;
        }

        if (changed)
        {
            Changed();
        }

        return cost;
    }

    /// <summary>Wakes the waiting jobs to decide again, stops running ones that may no longer go, and re-arms the timer.</summary>
    private void Changed()
    {
        TaskCompletionSource signal;
        Watch[] watches;
        bool metered;
        lock (_lock)
        {
            signal = _changed;
            _changed = NewSignal();
            watches = [.. _watches];
            metered = EffectiveLocked() == NetworkCost.Metered;
        }

        signal.TrySetResult();
        foreach (var watch in watches)
        {
            watch.Check(metered);
        }

        UpdateTimer();
    }

    /// <summary>The periodic check runs only while the answer matters: a job needing an unmetered network waits or runs, and no override decides.</summary>
    private void UpdateTimer()
    {
        ITimer? stale = null;
        lock (_lock)
        {
            var wanted = AnswerMattersLocked();
            if (wanted && _timer is null)
            {
                _timer = _time.CreateTimer(_ => OnTick(), null, _interval, _interval);
            }
            else if (!wanted && _timer is not null)
            {
                (stale, _timer) = (_timer, null);
            }
        }

        stale?.Dispose();
    }

    /// <summary>Whether the provider's answer decides anything now: no override, and a job needing an unmetered network waits or runs.</summary>
    private bool AnswerMattersLocked() => !_disposed && _override == NetworkCostOverride.Auto
        && (_waiting.Count > 0 || _watches.Exists(w => PolicyOf(w.Job) == TransferCostPolicy.Unmetered));

    private void AskIfStale()
    {
        lock (_lock)
        {
            if (AnswerMattersLocked() && (_observedAt is not { } at || _time.GetElapsedTime(at) >= _interval))
            {
                // The answer is acted on inside AskAsync.
                _ = AskLocked();
            }
        }
    }

    private void OnTick()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // The answer is observed (and acted on) inside AskAsync.
            _ = AskLocked();
        }
    }

    private void Unfollow(Watch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }

        UpdateTimer();
    }

    private sealed class Watch(NetworkCostGate gate, TransferJob job) : IDisposable
    {
        private readonly YieldSignal _signal = new();

        public TransferJob Job { get; } = job;

        public CancellationToken Token => _signal.Token;

        public void Check(bool metered)
        {
            if (metered && PolicyOf(Job) == TransferCostPolicy.Unmetered)
            {
                _signal.Yield();
            }
        }

        public void Dispose()
        {
            gate.Unfollow(this);
            _signal.Dispose();
        }
    }
}
