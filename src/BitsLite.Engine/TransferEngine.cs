using BitsLite.Engine.Events;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Network;
using BitsLite.Engine.Notifications;
using BitsLite.Engine.Policy;
using BitsLite.Engine.Queries;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Running;
using BitsLite.Engine.Scheduling;
using BitsLite.Engine.Storage;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine;

/// <summary>
/// Persistent, restartable, throttled transfer jobs. Open one engine per job database; it resumes unfinished jobs at once.
/// Operations on jobs are serialised; transfers run in the background. This class wires the parts together and is the
/// one door to them: the live jobs (<see cref="LiveJobs"/>), their runners (<see cref="JobRunners"/>), what users do
/// (<see cref="JobOperations"/>), reading (<see cref="JobQueries"/>) and what the engine does by itself (<see cref="JobSweeps"/>).
/// </summary>
public sealed class TransferEngine : IAsyncDisposable
{
    private readonly TransferEngineOptions _options;
    private readonly JobStore _store;
    private readonly HttpSource _http;
    private readonly TransferEventHub _events = new();
    private readonly JobStateChanger _changer;
    private readonly JobScheduler _scheduler;
    private readonly BandwidthThrottle _throttle;
    private readonly NetworkCostGate _cost;
    private readonly BandwidthScheduleGate _schedule;
    private readonly Uploader _uploader;
    private readonly LiveJobs _live = new();
    private readonly JobRunners _runners;
    private readonly JobQueries _queries;
    private readonly JobOperations _operations;
    private readonly JobSweeps _sweeps;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private HostPolicy _policy;
    private ITimer? _expiryTimer;
    private NetworkChangeWatch? _networkChanges;
    private Task<int> _networkRetry = Task.FromResult(0);
    private bool _disposed;

    private TransferEngine(TransferEngineOptions options, JobStore store)
    {
        _options = options;
        _store = store;
        _http = new HttpSource(options);
        var notifications = new NotificationLauncher(Path.GetDirectoryName(Path.GetFullPath(store.Path)) ?? Environment.CurrentDirectory, options.Log);
        _changer = new JobStateChanger(store, _events, options.TimeProvider, notifications);
        _policy = PolicySettings.Load(store, options);
        _cost = new NetworkCostGate(options.NetworkCostProvider, _policy.NetworkCostOverride, _changer, options);
        _scheduler = new JobScheduler(_policy.MaxActiveJobs);
        _throttle = new BandwidthThrottle(new TokenBucket(_policy.BackgroundBandwidth, options.TimeProvider), options.TimeProvider);
        _schedule = new BandwidthScheduleGate(_throttle.Background, options.TimeProvider, _changer, _policy);
        _uploader = new Uploader(_http, _throttle, _changer, options);
        var runner = new JobRunner(_scheduler, new FileDownloader(_http, new LocalFileSource(), _throttle, _changer, options, () => Volatile.Read(ref _policy).MaxConnectionsPerFile), _uploader, _changer, _cost, _schedule, options);
        _runners = new JobRunners(runner, _shutdown.Token);
        _queries = new JobQueries(store, _live);
        _operations = new JobOperations(options, store, _events, _changer, _live, _runners, new JobFactory(options, _live, () => Volatile.Read(ref _policy)), _queries, _uploader, _scheduler, _schedule, _cost);
        _sweeps = new JobSweeps(options, store, _changer, _live, _runners, _operations);
    }

    /// <summary>The database this engine keeps its jobs in.</summary>
    public string DatabasePath => _store.Path;

    /// <summary>
    /// The host-wide policy: the options' values overridden by what <see cref="SetPolicyAsync"/> saved in the store, with
    /// the network's cost as last observed (see <see cref="GetPolicyAsync"/> for a fresh one) and the background limit the
    /// bandwidth schedule puts in force now.
    /// </summary>
    public HostPolicy Policy
    {
        get
        {
            var inForce = _schedule.InForce;
            return Volatile.Read(ref _policy) with
            {
                NetworkCost = _cost.Observed,
                EffectiveBackgroundBandwidth = inForce.Limit,
                EffectiveBackgroundBandwidthUntil = inForce.Until,
            };
        }
    }

    /// <summary>How many jobs are live and how many of them are active right now.</summary>
    public EngineActivity Activity
    {
        get
        {
            ThrowIfDisposed();
            return _live.Activity;
        }
    }

    /// <summary>The rate of the bucket background jobs share (what the bandwidth schedule last put in force).</summary>
    internal long? BackgroundRate => _throttle.Background.Rate;

    /// <summary>Jobs queued for a transfer slot right now (runners that have not reached the queue yet are not counted).</summary>
    internal int WaitingForSlot => _scheduler.WaitingCount;

    /// <summary>The limits transfers pass through (for tests).</summary>
    internal BandwidthThrottle Throttle => _throttle;

    /// <summary>The latest pass that retried jobs after a network change; its result is how many it retried.</summary>
    internal Task<int> NetworkRetryPass => Volatile.Read(ref _networkRetry);

    /// <summary>
    /// Opens the job database (creating it if needed), cancels jobs that expired while nothing ran,
    /// and resumes every job that was active when the last engine stopped.
    /// </summary>
    /// <exception cref="TransferException">The database is damaged, foreign, or from a newer version (it is left untouched).</exception>
    public static async Task<TransferEngine> OpenAsync(TransferEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = JobStore.Open(options.DatabasePath, options.TimeProvider);
        var engine = new TransferEngine(options, store);
        try
        {
            engine._sweeps.LoadLiveJobs();
            await engine.ExpireInactiveJobsAsync(cancellationToken).ConfigureAwait(false);
            engine._expiryTimer = options.TimeProvider.CreateTimer(
                _ => _ = engine.SweepQuietlyAsync(), null, options.ExpirySweepInterval, options.ExpirySweepInterval);
            if (options.NetworkChangeSource is { } networkChanges)
            {
                engine._networkChanges = new NetworkChangeWatch(networkChanges, options.TimeProvider, options.NetworkChangeDelay, engine.OnNetworkChanged);
            }

            return engine;
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <see cref="Policy"/> with the network's cost asked of <see cref="TransferEngineOptions.NetworkCostProvider"/> now,
    /// unless it answered within <see cref="TransferEngineOptions.NetworkCostCheckInterval"/>.
    /// </summary>
    public async Task<HostPolicy> GetPolicyAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _cost.ObserveAsync(cancellationToken).ConfigureAwait(false);
        return Policy;
    }

    /// <summary>Changes the host-wide policy, saves it in the store, and applies it to running transfers at once.</summary>
    /// <exception cref="TransferException">A value out of range; nothing changes then.</exception>
    public Task<HostPolicy> SetPolicyAsync(HostPolicyChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SerialisedAsync(() =>
        {
            var policy = PolicySettings.Apply(_store, _policy, change);
            _schedule.Apply(policy);
            _scheduler.Capacity = policy.MaxActiveJobs;
            Volatile.Write(ref _policy, policy);
            // Jobs waiting for an unmetered network go (or running ones stop) at once.
            _cost.Override = policy.NetworkCostOverride;
            return Task.FromResult(Policy);
        }, cancellationToken);
    }

    /// <summary>Creates a job. Unless the request says Suspended, it is queued at once.</summary>
    /// <exception cref="TransferException">Invalid input, a destination conflict, or a limit reached; nothing is stored then.</exception>
    public Task<TransferInfo> CreateAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SerialisedAsync(() => Task.FromResult(_operations.Create(request)), cancellationToken);
    }

    /// <summary>Adds files to a download job. A Transferred job queues again for them.</summary>
    public Task<TransferInfo> AddFilesAsync(Guid id, IReadOnlyList<TransferFileSpec> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return SerialisedAsync(() => Task.FromResult(_operations.AddFiles(id, files)), cancellationToken);
    }

    /// <summary>Queues a Suspended, Error or TransientError job (a transient one retries now). Already running: nothing happens.</summary>
    public Task<TransferInfo> ResumeAsync(Guid id, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => _operations.ResumeAsync(id), cancellationToken);

    /// <summary>Stops a job where it is (progress is kept); it runs again only after Resume.</summary>
    public Task<TransferInfo> SuspendAsync(Guid id, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => _operations.SuspendAsync(id), cancellationToken);

    /// <summary>
    /// Moves each transferred file atomically to its destination and deletes partial ones; the job is then Acknowledged.
    /// Allowed for Transferred jobs, and for Suspended or Error ones (keeping the files that finished).
    /// </summary>
    /// <exception cref="TransferException">
    /// A file could not be moved; or a temporary file is not the one BitsLite wrote (someone replaced it), and is then
    /// fetched again (<see cref="TransferErrorCode.LocalFileFailure"/>; the message says what to do).
    /// </exception>
    public Task<TransferInfo> CompleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => Task.FromResult(_operations.Complete(id)), cancellationToken);

    /// <summary>Cancels a job and deletes its temporary files. Destination files are not touched.</summary>
    public Task<TransferInfo> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => _operations.CancelAsync(_queries.Live(id, "cancel")), cancellationToken);

    /// <summary>Changes a live job's settings; a waiting job moves to its new priority's place at once.</summary>
    /// <exception cref="TransferException">A setting out of range, or one that does not fit the job; nothing changes then.</exception>
    public Task<TransferInfo> SetAsync(Guid id, TransferOptionsPatch changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SerialisedAsync(() => Task.FromResult(_operations.SetOptions(id, changes)), cancellationToken);
    }

    /// <summary>One job, live or finished.</summary>
    /// <exception cref="TransferException">No job has this id (<see cref="TransferErrorCode.NotFound"/>).</exception>
    public TransferInfo Get(Guid id)
    {
        ThrowIfDisposed();
        return _queries.Get(id);
    }

    /// <summary>Jobs matching <paramref name="query"/> in creation order, with live progress for running jobs.</summary>
    public IReadOnlyList<TransferInfo> List(TransferQuery? query = null) => ListPages(query, int.MaxValue).SelectMany(page => page).ToList();

    /// <summary>
    /// <see cref="List"/> in pages of at most <paramref name="pageSize"/> jobs, read from the store one page at a time,
    /// so a huge store is neither held in memory at once nor locks out the transfers while it is listed.
    /// </summary>
    public IEnumerable<IReadOnlyList<TransferInfo>> ListPages(TransferQuery? query, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ThrowIfDisposed();
        return _queries.ListPages(query ?? new TransferQuery(), pageSize);
    }

    /// <summary>Follows one job's events, or every job's when <paramref name="jobId"/> is null. Dispose to stop.</summary>
    public TransferSubscription Subscribe(Guid? jobId = null)
    {
        ThrowIfDisposed();
        return _events.Subscribe(jobId);
    }

    /// <summary>Stops every transfer (checkpointing what reached the disk) without changing job states, so the next engine resumes them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_expiryTimer is not null)
        {
            await _expiryTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_networkChanges is not null)
        {
            await _networkChanges.DisposeAsync().ConfigureAwait(false);
        }

        await _cost.DisposeAsync().ConfigureAwait(false);
        await _schedule.DisposeAsync().ConfigureAwait(false);
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _serial.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_live.All().Select(_runners.StopAsync)).ConfigureAwait(false);
            await _uploader.DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }

        _http.Dispose();
        _store.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>Cancels live jobs that have not changed or progressed for the inactivity timeout.</summary>
    internal Task<int> ExpireInactiveJobsAsync(CancellationToken cancellationToken) => SerialisedAsync(_sweeps.ExpireInactiveJobsAsync, cancellationToken);

    /// <summary>Retries now every job that waits after a network failure (see <see cref="JobSweeps.RetryNetworkFailuresAsync"/>).</summary>
    internal Task<int> RetryNetworkFailuresAsync(CancellationToken cancellationToken) => SerialisedAsync(_sweeps.RetryNetworkFailuresAsync, cancellationToken);

    private void OnNetworkChanged() => Volatile.Write(ref _networkRetry, RetryNetworkFailuresQuietlyAsync());

    private async Task<int> RetryNetworkFailuresQuietlyAsync()
    {
        try
        {
            return await RetryNetworkFailuresAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The engine is shutting down; the next one resumes the jobs anyway.
            return 0;
        }
    }

    private async Task SweepQuietlyAsync()
    {
        try
        {
            await ExpireInactiveJobsAsync(_shutdown.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed sweep is retried at the next tick; it must not crash the timer thread.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Runs operations one at a time: a job's checks and its change see the same world.</summary>
    private async Task<T> SerialisedAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
