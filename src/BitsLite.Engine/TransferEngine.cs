using System.Runtime.InteropServices;
using BitsLite.Engine.Events;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Network;
using BitsLite.Engine.Notifications;
using BitsLite.Engine.Policy;
using BitsLite.Engine.Requests;
using BitsLite.Engine.Running;
using BitsLite.Engine.Scheduling;
using BitsLite.Engine.Storage;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Uploads;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine;

/// <summary>
/// Persistent, restartable, throttled transfer jobs. Open one engine per job database; it resumes
/// unfinished jobs at once. Operations on jobs are serialised; transfers run in the background.
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
    private readonly JobRunner _runner;
    private readonly NetworkCostGate _cost;
    private readonly BandwidthScheduleGate _schedule;
    private readonly Uploader _uploader;
    private readonly SemaphoreSlim _operations = new(1, 1);
    private readonly Lock _liveLock = new();
    private readonly Dictionary<Guid, TransferJob> _live = [];

    // Live jobs per owner, kept with _live: counting them on every create made filling a big store quadratic.
    private readonly Dictionary<string, int> _liveByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _destinations = new(TransferRequestValidator.PathComparer);
    private readonly Dictionary<Guid, RunningJob> _running = [];
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
        _runner = new JobRunner(_scheduler, new FileDownloader(_http, new LocalFileSource(), _throttle, _changer, options), _uploader, _changer, _cost, _schedule, options);
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

    /// <summary>How many jobs are live and how many of them are active right now.</summary>
    public EngineActivity Activity
    {
        get
        {
            ThrowIfDisposed();
            lock (_liveLock)
            {
                var active = 0;
                foreach (var job in _live.Values)
                {
                    // A torn read of one job's state is harmless here: the count is a snapshot either way.
                    if (job.State is TransferState.Queued or TransferState.Connecting or TransferState.Transferring or TransferState.TransientError)
                    {
                        active++;
                    }
                }

                return new EngineActivity(_live.Count, active);
            }
        }
    }

    /// <summary>The rate of the bucket background jobs share (what the bandwidth schedule last put in force).</summary>
    internal long? BackgroundRate => _throttle.Background.Rate;

    /// <summary>Jobs queued for a transfer slot right now (runners that have not reached the queue yet are not counted).</summary>
    internal int WaitingForSlot => _scheduler.WaitingCount;

    /// <summary>The limits transfers pass through (for tests).</summary>
    internal BandwidthThrottle Throttle => _throttle;

    /// <summary>
    /// Opens the job database (creating it if needed), cancels jobs that expired while nothing ran,
    /// and resumes every job that was active when the last engine stopped.
    /// </summary>
    /// <exception cref="TransferException">The database is damaged, foreign, or from a newer version (it is left untouched).</exception>
    public static async Task<TransferEngine> OpenAsync(TransferEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = JobStore.Open(options.DatabasePath);
        var engine = new TransferEngine(options, store);
        try
        {
            engine.LoadLiveJobs();
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

    /// <summary>Creates a job. Unless the request says Suspended, it is queued at once.</summary>
    /// <exception cref="TransferException">Invalid input, a destination conflict, or a limit reached; nothing is stored then.</exception>
    public Task<TransferInfo> CreateAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SerialisedAsync(() =>
        {
            TransferRequestValidator.Validate(request, _options.MinimumRetryInterval);
            var owner = request.Owner ?? _options.DefaultOwner;
            EnsureRoomForFiles(0, request.Files.Count);
            var files = request.TransferType == TransferType.Download ? ValidateNewFiles(request.Files) : [ValidateUploadFile(request.Files[0])];
            var replyFile = request.ReplyFile is null ? null : ValidateReplyFile(request.ReplyFile, files[0].Source);
            lock (_liveLock)
            {
                var owned = _liveByOwner.GetValueOrDefault(owner);
                if (owned >= _options.MaxJobsPerOwner)
                {
                    throw new TransferException(TransferErrorCode.LimitReached, $"'{owner}' already has {owned} live jobs, the most allowed ({_options.MaxJobsPerOwner}); complete or cancel some first.");
                }
            }

            var now = _changer.Now;
            var id = Guid.NewGuid();
            var job = new TransferJob
            {
                Id = id,
                DisplayName = request.DisplayName ?? (files.Count == 0 ? "Transfer" : Path.GetFileName(request.TransferType == TransferType.Download ? files[0].Destination : files[0].Source)),
                Description = request.Description,
                Owner = owner,
                Type = request.TransferType,
                Priority = request.Priority,
                State = request.Suspended ? TransferState.Suspended : TransferState.Queued,
                CreationTime = now,
                ModificationTime = now,
                LastProgressTime = now,
                RetryInterval = request.RetryInterval ?? _options.DefaultRetryInterval,
                RetryTimeout = request.RetryTimeout ?? _options.DefaultRetryTimeout,
                MaxDownloadTime = request.MaxDownloadTime,
                MaxBandwidth = request.MaxBandwidth,
                CustomHeaders = [.. request.CustomHeaders],
                Credentials = [.. request.Credentials],
                Proxy = request.Proxy ?? new(),
                Notification = request.Notification,
                TransferPolicy = request.TransferPolicy,
                Bandwidth = request.MaxBandwidth is { } limit ? new TokenBucket(limit, _options.TimeProvider) : null,
                ReplyFile = replyFile,
                UploadMethod = request.UploadMethod,
            };
            job.Files.AddRange(NewFiles(files, 0, request.TransferType));
            job.Upload.ReplyTempPath = replyFile is null ? null : TemporaryFiles.NewPath(replyFile);
            _store.Insert(job);
            Track(job);
            TransferInfo info;
            lock (job.Gate)
            {
                info = job.ToInfo();
            }

            _events.Publish(new TransferEvent(TransferEventKind.Created, info));
            if (!request.Suspended)
            {
                StartRunner(job);
            }

            return Task.FromResult(info);
        }, cancellationToken);
    }

    /// <summary>Adds files to a download job. A Transferred job queues again for them.</summary>
    public Task<TransferInfo> AddFilesAsync(Guid id, IReadOnlyList<TransferFileSpec> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return SerialisedAsync(() =>
        {
            var job = LiveJob(id, "add files to");
            int count;
            lock (job.Gate)
            {
                count = job.Files.Count;
                if (job.Type != TransferType.Download)
                {
                    throw new TransferException(TransferErrorCode.InvalidArgument, $"Transfer '{job.DisplayName}' ({job.Id}) is an {job.Type} job, which sends exactly one file; files can be added to download jobs only.");
                }
            }

            EnsureRoomForFiles(count, files.Count);
            var valid = ValidateNewFiles(files);
            var added = NewFiles(valid, count, TransferType.Download);
            TransferInfo info;
            bool requeue;
            lock (job.Gate)
            {
                requeue = job.State == TransferState.Transferred;
                job.Files.AddRange(added);
                job.ModificationTime = _changer.Now;
                if (requeue)
                {
                    job.State = TransferState.Queued;
                    job.LastProgressTime = _changer.Now;
                }

                _store.SaveWithNewFiles(job, added);
                info = job.ToInfo();
            }

            if (requeue)
            {
                StartRunner(job);
            }

            lock (_liveLock)
            {
                foreach (var file in added)
                {
                    _destinations[file.Destination] = id;
                }
            }

            _events.Publish(new TransferEvent(TransferEventKind.Changed, info));
            return Task.FromResult(info);
        }, cancellationToken);
    }

    /// <summary>Queues a Suspended, Error or TransientError job (a transient one retries now). Already running: nothing happens.</summary>
    public Task<TransferInfo> ResumeAsync(Guid id, CancellationToken cancellationToken = default) => SerialisedAsync(async () =>
    {
        var job = LiveJob(id, "resume");
        lock (job.Gate)
        {
            if (job.State is TransferState.Queued or TransferState.Connecting or TransferState.Transferring or TransferState.Transferred)
            {
                return job.ToInfo();
            }

            TransferStateMachine.EnsureCanMove(job, TransferState.Queued, "resume");
            if (job.Files.Count == 0)
            {
                throw new TransferException(TransferErrorCode.EmptyJob, $"Transfer '{job.DisplayName}' ({job.Id}) has no files; add files before resuming it.");
            }
        }

        await StopRunnerAsync(job).ConfigureAwait(false);
        var info = _changer.Change(job, TransferState.Queued, "resume", j => j.LastProgressTime = _changer.Now);
        StartRunner(job);
        return info;
    }, cancellationToken);

    /// <summary>Stops a job where it is (progress is kept); it runs again only after Resume.</summary>
    public Task<TransferInfo> SuspendAsync(Guid id, CancellationToken cancellationToken = default) => SerialisedAsync(async () =>
    {
        var job = LiveJob(id, "suspend");
        lock (job.Gate)
        {
            if (job.State == TransferState.Suspended)
            {
                return job.ToInfo();
            }

            TransferStateMachine.EnsureCanMove(job, TransferState.Suspended, "suspend");
        }

        await StopRunnerAsync(job).ConfigureAwait(false);
        return _changer.Change(job, TransferState.Suspended, "suspend");
    }, cancellationToken);

    /// <summary>
    /// Moves each transferred file atomically to its destination and deletes partial ones; the job is then Acknowledged.
    /// Allowed for Transferred jobs, and for Suspended or Error ones (keeping the files that finished).
    /// </summary>
    /// <exception cref="TransferException">
    /// A file could not be moved; or a temporary file is not the one BitsLite wrote (someone replaced it), and is then
    /// fetched again (<see cref="TransferErrorCode.LocalFileFailure"/>; the message says what to do).
    /// </exception>
    public Task<TransferInfo> CompleteAsync(Guid id, CancellationToken cancellationToken = default) => SerialisedAsync(() =>
    {
        var job = LiveJob(id, "complete");
        TransferInfo? info = null;
        List<(TransferFile File, string Why)> refused;
        lock (job.Gate)
        {
            TransferStateMachine.EnsureCanMove(job, TransferState.Acknowledged, "complete");
            refused = TemporaryFiles.Commit(job);
            if (refused.Count == 0)
            {
                // An upload completed before it finished leaves no session behind on the server.
                _uploader.CancelSession(job);
                info = _changer.Change(job, TransferState.Acknowledged, "complete");
            }
        }

        if (info is null)
        {
            throw FetchAgain(job, refused);
        }

        Untrack(job);
        return Task.FromResult(info);
    }, cancellationToken);

    /// <summary>Cancels a job and deletes its temporary files. Destination files are not touched.</summary>
    public Task<TransferInfo> CancelAsync(Guid id, CancellationToken cancellationToken = default) => SerialisedAsync(async () =>
    {
        var job = LiveJob(id, "cancel");
        lock (job.Gate)
        {
            TransferStateMachine.EnsureCanMove(job, TransferState.Cancelled, "cancel");
        }

        return await CancelCoreAsync(job, null).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Changes a live job's settings; a waiting job moves to its new priority's place at once.</summary>
    public Task<TransferInfo> SetAsync(Guid id, TransferSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SerialisedAsync(() =>
        {
            var job = LiveJob(id, "change");
            TransferRequestValidator.Validate(settings, _options.MinimumRetryInterval);
            if (settings.UploadMethod is { } method && method != UploadMethod.Bits)
            {
                lock (job.Gate)
                {
                    if (job.Type != TransferType.Upload)
                    {
                        throw new TransferException(TransferErrorCode.InvalidArgument, job.Type == TransferType.Download
                            ? "An upload method is for Upload and UploadReply jobs only."
                            : "An UploadReply job needs the BITS upload protocol: a plain PUT has no reply to fetch.");
                    }
                }
            }

            var info = _changer.Save(job, j =>
            {
                j.DisplayName = settings.DisplayName ?? j.DisplayName;
                j.Description = settings.Description ?? j.Description;
                j.Priority = settings.Priority ?? j.Priority;
                j.RetryInterval = settings.RetryInterval ?? j.RetryInterval;
                j.RetryTimeout = settings.RetryTimeout ?? j.RetryTimeout;
                j.CustomHeaders = settings.CustomHeaders is null ? j.CustomHeaders : [.. settings.CustomHeaders];
                j.Credentials = settings.Credentials switch
                {
                    null => j.Credentials,
                    { Count: 0 } => [],

                    // New server credentials leave a stored proxy credential alone, and the other way round.
                    var given => [.. j.Credentials.Where(c => given.All(g => g.Target != c.Target)), .. given],
                };
                j.Proxy = settings.Proxy ?? j.Proxy;
                if (settings.Notification is { } notification)
                {
                    j.Notification = notification.Program.Length == 0 ? null : notification;
                }

                j.TransferPolicy = settings.TransferPolicy ?? j.TransferPolicy;
                j.UploadMethod = settings.UploadMethod ?? j.UploadMethod;
                if (settings.MaxDownloadTime is { } maxTime)
                {
                    j.MaxDownloadTime = maxTime == TimeSpan.Zero ? null : maxTime;
                }

                if (settings.MaxBandwidth is { } limit)
                {
                    j.MaxBandwidth = limit == 0 ? null : limit;
                    if (j.MaxBandwidth is null)
                    {
                        j.Bandwidth = null;
                    }
                    else if (j.Bandwidth is null)
                    {
                        j.Bandwidth = new TokenBucket(limit, _options.TimeProvider);
                    }
                    else
                    {
                        j.Bandwidth.Rate = limit;
                    }
                }
            });
            if (settings.Priority is { } priority)
            {
                _scheduler.Reprioritize(job, priority);

                // A job held by the bandwidth schedule may go now, or a running one may have to stop.
                _schedule.PriorityChanged();
            }

            if (settings.TransferPolicy is not null)
            {
                // A job waiting for an unmetered network may go now, or a running one may have to stop.
                _cost.PolicyChanged();
            }

            return Task.FromResult(info);
        }, cancellationToken);
    }

    /// <summary>One job, live or finished.</summary>
    /// <exception cref="TransferException">No job has this id (<see cref="TransferErrorCode.NotFound"/>).</exception>
    public TransferInfo Get(Guid id)
    {
        ThrowIfDisposed();
        if (TryGetLive(id) is { } job)
        {
            lock (job.Gate)
            {
                return job.ToInfo();
            }
        }

        return _store.Find(id)?.ToInfo() ?? throw NotFound(id);
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
        query ??= new TransferQuery();
        var after = 0L;
        while (true)
        {
            var keys = _store.QueryKeys(query, after, pageSize);
            if (keys.Count == 0)
            {
                yield break;
            }

            // Live jobs come from memory (with their latest progress); only finished ones are read from the store.
            var live = new Dictionary<Guid, TransferJob>();
            var stored = new List<long>();
            foreach (var (sequence, id) in keys)
            {
                if (TryGetLive(id) is { } job)
                {
                    live[id] = job;
                }
                else
                {
                    stored.Add(sequence);
                }
            }

            var loaded = _store.LoadBySequence(stored).ToDictionary(j => j.Id);
            var page = new List<TransferInfo>(keys.Count);
            foreach (var (_, id) in keys)
            {
                if (live.TryGetValue(id, out var job))
                {
                    lock (job.Gate)
                    {
                        page.Add(job.ToInfo(!query.WithoutFiles));
                    }
                }
                else if (loaded.TryGetValue(id, out var finished))
                {
                    page.Add(finished.ToInfo(!query.WithoutFiles));
                }
            }

            yield return page;
            if (keys.Count < pageSize)
            {
                yield break;
            }

            after = keys[^1].Sequence;
        }
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
        await _operations.WaitAsync().ConfigureAwait(false);
        try
        {
            TransferJob[] jobs;
            lock (_liveLock)
            {
                jobs = [.. _live.Values];
            }

            await Task.WhenAll(jobs.Select(StopRunnerAsync)).ConfigureAwait(false);
            await _uploader.DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            _operations.Release();
        }

        _http.Dispose();
        _store.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>Cancels live jobs that have not changed or progressed for the inactivity timeout.</summary>
    internal Task ExpireInactiveJobsAsync(CancellationToken cancellationToken) => SerialisedAsync(async () =>
    {
        var cutoff = _changer.Now - _options.InactivityTimeout;
        TransferJob[] live;
        lock (_liveLock)
        {
            live = [.. _live.Values];
        }

        var expired = Array.FindAll(live, j =>
        {
            lock (j.Gate)
            {
                return j.ModificationTime < cutoff && j.LastProgressTime < cutoff;
            }
        });

        foreach (var job in expired)
        {
            var error = new TransferError
            {
                Context = TransferErrorContext.GeneralQueueManager,
                Description = $"Cancelled after {_options.InactivityTimeout.TotalDays:0.#} days without activity.",
                Time = _changer.Now,
            };
            await CancelCoreAsync(job, error).ConfigureAwait(false);
        }

        return expired.Length;
    }, cancellationToken);

    /// <summary>The latest pass that retried jobs after a network change; its result is how many it retried.</summary>
    internal Task<int> NetworkRetryPass => Volatile.Read(ref _networkRetry);

    /// <summary>
    /// Retries now every job that waits out its retry interval after a network failure (the network changed, so it may
    /// work now): its runner starts again, keeping the job's retry clock. Jobs that an HTTP error put there keep waiting.
    /// </summary>
    internal Task<int> RetryNetworkFailuresAsync(CancellationToken cancellationToken) => SerialisedAsync(async () =>
    {
        TransferJob[] live;
        lock (_liveLock)
        {
            live = [.. _live.Values];
        }

        var retried = 0;
        foreach (var job in live.Where(NetworkFailures.IsWaitingToRetry))
        {
            await StopRunnerAsync(job).ConfigureAwait(false);
            lock (job.Gate)
            {
                // The runner may have given up (Error) just before it stopped.
                if (!TransferStateMachine.IsActive(job.State))
                {
                    continue;
                }
            }

            StartRunner(job);
            retried++;
        }

        return retried;
    }, cancellationToken);

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

    private async Task<TransferInfo> CancelCoreAsync(TransferJob job, TransferError? reason)
    {
        await StopRunnerAsync(job).ConfigureAwait(false);
        _uploader.CancelSession(job);
        TransferInfo info;
        lock (job.Gate)
        {
            TemporaryFiles.Delete(job);
            info = _changer.Change(job, TransferState.Cancelled, "cancel", j => j.Error = reason ?? j.Error);
        }

        Untrack(job);
        return info;
    }

    /// <summary>
    /// Puts the files whose temporary file Complete refused back to be fetched from zero (the runner gives each a fresh
    /// temporary file), queues a Transferred job again, and returns the error that says so.
    /// </summary>
    private TransferException FetchAgain(TransferJob job, List<(TransferFile File, string Why)> refused)
    {
        foreach (var (file, why) in refused)
        {
            _options.Log?.Invoke(EngineLogLevel.Warning, $"Transfer {job.Id}: the temporary file '{file.TempPath}' {why}; it was not moved, and the file is downloaded again.");
            _changer.Checkpoint(job, file, f => (f.IsTransferred, f.BytesTransferred, f.CheckpointedBytes) = (false, 0, 0));
        }

        bool queued;
        lock (job.Gate)
        {
            queued = job.State == TransferState.Transferred;
        }

        if (queued)
        {
            _changer.Change(job, TransferState.Queued, "complete", j => j.LastProgressTime = _changer.Now);
            StartRunner(job);
        }

        var (first, reason) = refused[0];
        var what = refused.Count == 1 ? $"the temporary file '{first.TempPath}' {reason}" : $"{refused.Count} temporary files (the first, '{first.TempPath}', {reason})";
        return new TransferException(
            TransferErrorCode.LocalFileFailure,
            $"Transfer '{job.DisplayName}' ({job.Id}) was not completed: {what}, so it is not what BitsLite downloaded (someone who can write to "
            + $"'{Path.GetDirectoryName(first.Destination)}' may have replaced it). "
            + (queued ? "It is being downloaded again; complete the transfer once it is Transferred again." : "Resume the transfer to download it again, then complete it."));
    }

    private void LoadLiveJobs()
    {
        foreach (var job in _store.LoadLive())
        {
            job.Bandwidth = job.MaxBandwidth is { } limit ? new TokenBucket(limit, _options.TimeProvider) : null;
            Track(job);
            if (TransferStateMachine.IsActive(job.State))
            {
                // It was running when the last engine stopped: queue it again, keeping its retry clock.
                job.State = TransferState.Queued;
                _store.Save(job);
                StartRunner(job);
            }
        }
    }

    private void StartRunner(TransferJob job)
    {
        int runId;
        lock (job.Gate)
        {
            runId = ++job.RunId;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        var task = Task.Run(async () =>
        {
            await _runner.RunAsync(job, runId, stop.Token).ConfigureAwait(false);
            lock (_liveLock)
            {
                if (_running.TryGetValue(job.Id, out var current) && current.RunId == runId)
                {
                    _running.Remove(job.Id);
                    stop.Dispose();
                }
            }
        }, CancellationToken.None);
        lock (_liveLock)
        {
            _running[job.Id] = new RunningJob(runId, task, stop);
        }
    }

    private async Task StopRunnerAsync(TransferJob job)
    {
        RunningJob? running;
        lock (_liveLock)
        {
            _running.Remove(job.Id, out running);
        }

        if (running is null)
        {
            return;
        }

        lock (job.Gate)
        {
            // From here on the runner's own state changes are ignored.
            job.RunId++;
        }

        await running.Stop.CancelAsync().ConfigureAwait(false);
        await running.Task.ConfigureAwait(false);
        running.Stop.Dispose();
    }

    private void Track(TransferJob job)
    {
        lock (_liveLock)
        {
            if (_live.TryAdd(job.Id, job))
            {
                _liveByOwner[job.Owner] = _liveByOwner.GetValueOrDefault(job.Owner) + 1;
            }

            foreach (var file in job.Files)
            {
                _destinations[file.Destination] = job.Id;
            }

            if (job.ReplyFile is not null)
            {
                _destinations[job.ReplyFile] = job.Id;
            }
        }
    }

    private void Untrack(TransferJob job)
    {
        lock (_liveLock)
        {
            if (_live.Remove(job.Id) && --CollectionsMarshal.GetValueRefOrNullRef(_liveByOwner, job.Owner) == 0)
            {
                _liveByOwner.Remove(job.Owner);
            }

            foreach (var destination in job.Files.Select(f => f.Destination).Append(job.ReplyFile))
            {
                if (destination is not null && _destinations.TryGetValue(destination, out var owner) && owner == job.Id)
                {
                    _destinations.Remove(destination);
                }
            }
        }
    }

    private List<TransferFileSpec> ValidateNewFiles(IEnumerable<TransferFileSpec> files) =>
        TransferRequestValidator.ValidateFiles(files, destination =>
        {
            lock (_liveLock)
            {
                return _destinations.ContainsKey(destination);
            }
        });

    private TransferFileSpec ValidateUploadFile(TransferFileSpec file) =>
        TransferRequestValidator.ValidateUploadFile(file, IsTaken);

    private string ValidateReplyFile(string replyFile, string source) =>
        TransferRequestValidator.ValidateReplyFile(replyFile, source, IsTaken);

    private bool IsTaken(string destination)
    {
        lock (_liveLock)
        {
            return _destinations.ContainsKey(destination);
        }
    }

    private void EnsureRoomForFiles(int existing, int adding)
    {
        if (existing + adding > _options.MaxFilesPerJob)
        {
            throw new TransferException(TransferErrorCode.LimitReached, $"A job may have at most {_options.MaxFilesPerJob} files; this one would have {existing + adding}.");
        }
    }

    /// <remarks>An upload's file has no temporary file (its Destination is a URL): its TempPath stays empty.</remarks>
    private static List<TransferFile> NewFiles(List<TransferFileSpec> files, int firstIndex, TransferType type) =>
        [.. files.Select((f, i) => new TransferFile
        {
            Index = firstIndex + i,
            Source = f.Source,
            Destination = f.Destination,
            TempPath = type == TransferType.Download ? TemporaryFiles.NewPath(f.Destination) : "",
        })];

    private TransferJob? TryGetLive(Guid id)
    {
        lock (_liveLock)
        {
            return _live.GetValueOrDefault(id);
        }
    }

    private TransferJob LiveJob(Guid id, string operation)
    {
        if (TryGetLive(id) is { } job)
        {
            return job;
        }

        // Finished jobs stay in the store: say why the operation is refused rather than "not found".
        var stored = _store.Find(id) ?? throw NotFound(id);
        throw TransferStateMachine.InvalidState(stored, operation);
    }

    private static TransferException NotFound(Guid id) => new(TransferErrorCode.NotFound, $"No transfer has the id {id}.");

    private async Task<T> SerialisedAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _operations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            _operations.Release();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed record RunningJob(int RunId, Task Task, CancellationTokenSource Stop);
}
