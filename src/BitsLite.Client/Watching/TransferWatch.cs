using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Client.Watching;

/// <summary>
/// Follows jobs as they change, for scripts that must not poll: first each job as it stands
/// (<see cref="TransferWatchEventKind.Current"/>), then every state change, new jobs, changed settings, and progress at
/// most once per <see cref="TransferWatchOptions.ProgressInterval"/> per job. Named jobs are followed until each has
/// settled (<see cref="IsSettled"/>); with none named, every job of the user is followed, new ones too, until the
/// reader stops.
/// </summary>
/// <remarks>
/// No state change is lost without saying so. Each subscription is read at once into a backlog that never drops a state
/// change (only progress is coalesced), so a slow reader holds nothing up. Where events can still be lost (the host
/// drops the oldest for a client that stops reading, the client keeps the newest 1,024, the backlog has a limit) the loss
/// is counted, and the watch reads the jobs again and reports what changed as <see cref="TransferWatchEvent.Resync"/>
/// state changes. Each job's state changes chain: one's <see cref="TransferWatchEvent.PreviousState"/> is the state
/// reported before it. A lost connection ends <see cref="ReadAllAsync"/> with a <see cref="TransferException"/>
/// (<see cref="TransferErrorCode.HostUnavailable"/>) once what arrived before it has been reported.
/// </remarks>
public sealed class TransferWatch : IAsyncDisposable
{
    /// <summary>Up to this many named jobs get a subscription each; more share one to every job, filtered here.</summary>
    private const int MaxJobSubscriptions = 16;

    private readonly BitsLiteClient _client;
    private readonly TimeProvider _time;
    private readonly WatchBacklog _backlog;
    private readonly ReportedJobs _reported;
    private readonly IReadOnlyList<Guid>? _named;
    private readonly HashSet<Guid>? _namedSet;
    private readonly List<TransferSubscription> _subscriptions = [];
    private readonly List<Task> _pumps = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TransferWatchEvent> _current = [];
    private int _reading;
    private int _disposed;

    private TransferWatch(BitsLiteClient client, IReadOnlyList<Guid>? named, TransferWatchOptions options)
    {
        _client = client;
        _named = named;
        _namedSet = named?.ToHashSet();
        _time = options.TimeProvider;
        _backlog = new WatchBacklog(options);
        _reported = new ReportedJobs(named, _time);
    }

    /// <summary>
    /// Subscribes to the jobs, then reads them, so that no change after this returns goes unseen.
    /// </summary>
    /// <param name="client">The connection to use; the watch does not dispose it.</param>
    /// <param name="transferIds">The jobs to follow until they settle; <see langword="null"/> to follow every job, new ones too.</param>
    /// <param name="options">How to report; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException"><paramref name="transferIds"/> is empty.</exception>
    /// <exception cref="TransferException"><see cref="TransferErrorCode.NotFound"/> for a job that does not exist, before anything is reported.</exception>
    public static async Task<TransferWatch> StartAsync(BitsLiteClient client, IReadOnlyCollection<Guid>? transferIds, TransferWatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (transferIds is { Count: 0 })
        {
            throw new ArgumentException("Name at least one job, or pass null to follow every job.", nameof(transferIds));
        }

        var watch = new TransferWatch(client, transferIds?.Distinct().ToList(), options ?? new TransferWatchOptions());
        try
        {
            if (watch._named is { Count: <= MaxJobSubscriptions } named)
            {
                foreach (var id in named)
                {
                    await watch.SubscribeAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await watch.SubscribeAsync(null, cancellationToken).ConfigureAwait(false);
            }

            await watch.ReadCurrentAsync(cancellationToken).ConfigureAwait(false);
            return watch;
        }
        catch
        {
            await watch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Whether a job in <paramref name="state"/> has settled for a watch: Transferred, Acknowledged, Cancelled or Error.
    /// Unlike a wait, a watch goes on through Suspended, so that it can follow a job suspended and resumed.
    /// </summary>
    public static bool IsSettled(TransferState state) =>
        state is TransferState.Transferred or TransferState.Acknowledged or TransferState.Cancelled or TransferState.Error;

    /// <summary>Whether the watch follows every job (none was named).</summary>
    public bool FollowsEveryJob => _named is null;

    /// <summary>The named jobs as last reported, in the order named; when following every job, the jobs it knows now.</summary>
    public IReadOnlyList<TransferInfo> Jobs => _named is null ? [.. _reported.Jobs] : [.. _named.Select(_reported.Find).OfType<TransferInfo>()];

    /// <summary>True once every named job has settled (never when following every job).</summary>
    public bool IsOver => _named is not null && _named.All(id => _reported.Find(id) is not { } job || IsSettled(job.State));

    /// <summary>How many times the watch's own backlog overflowed (its reader fell <see cref="TransferWatchOptions.BacklogLimit"/> events behind).</summary>
    internal long Overflows => _backlog.Overflows;

    /// <summary>How many events the subscriptions have handed to the backlog.</summary>
    internal long Received => _backlog.Received;

    /// <summary>
    /// The events, in the order they arrived: first one <see cref="TransferWatchEventKind.Current"/> per job, then the
    /// changes. Ends when every named job has settled; when following every job, runs until cancelled. May be read once.
    /// </summary>
    /// <exception cref="TransferException">The connection to the host was lost (<see cref="TransferErrorCode.HostUnavailable"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async IAsyncEnumerable<TransferWatchEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("A watch's events can be read once.");
        }

        foreach (var current in _current)
        {
            yield return current;
        }

        _current.Clear();
        while (!IsOver)
        {
            var item = await _backlog.TakeAsync(cancellationToken).ConfigureAwait(false);
            foreach (var reported in await ReportAsync(item, cancellationToken).ConfigureAwait(false))
            {
                if (reported.Kind == TransferWatchEventKind.Progress)
                {
                    _backlog.ProgressReported(reported.Transfer.Id);
                }

                yield return reported;
            }

            foreach (var forgotten in _reported.ForgetFinished())
            {
                _backlog.Forget(forgotten);
            }
        }
    }

    /// <summary>Ends the subscriptions (not the client's connection).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task SubscribeAsync(Guid? transferId, CancellationToken cancellationToken)
    {
        var subscription = await _client.SubscribeAsync(transferId, cancellationToken).ConfigureAwait(false);
        _subscriptions.Add(subscription);
        _pumps.Add(Task.Run(() => PumpAsync(subscription, transferId), CancellationToken.None));
    }

    /// <summary>Moves a subscription's events into the backlog as they come, so that the client never has to drop any.</summary>
    private async Task PumpAsync(TransferSubscription subscription, Guid? transferId)
    {
        var token = _stopping.Token;
        var missed = 0L;
        try
        {
            while (true)
            {
                var e = await subscription.ReadAsync(token).ConfigureAwait(false);
                if (subscription.MissedEvents is var nowMissed && nowMissed != missed)
                {
                    missed = nowMissed;
                    _backlog.AddReadAgain(transferId);
                }

                if (_namedSet is null || _namedSet.Contains(e.Transfer.Id))
                {
                    _backlog.Add(e.Kind, e.Transfer);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (TransferException ex)
        {
            _backlog.Fail(ex);
        }
    }

    private async Task ReadCurrentAsync(CancellationToken cancellationToken)
    {
        if (_named is null)
        {
            var query = new TransferQuery { LiveOnly = true, WithoutFiles = true };
            await foreach (var job in _client.ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                AddIfAny(_current, _reported.Read(job, _time.GetUtcNow(), resync: false));
            }

            return;
        }

        foreach (var id in _named)
        {
            AddIfAny(_current, _reported.Read(await _client.GetAsync(id, cancellationToken).ConfigureAwait(false), _time.GetUtcNow(), resync: false));
        }
    }

    private async Task<List<TransferWatchEvent>> ReportAsync(WatchItem item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case EventArrived arrived:
                var (events, stale) = _reported.Arrived(arrived.Kind, arrived.Transfer, arrived.Time);
                return stale ? await ReadAgainAsync(arrived.Transfer.Id, resync: false, cancellationToken).ConfigureAwait(false) : events;
            case ReadAgain again:
                return await ReadAgainAsync(again.TransferId, resync: true, cancellationToken).ConfigureAwait(false);
            case WatchFailed failed:
                ExceptionDispatchInfo.Throw(failed.Reason);
                return [];
            default:
                throw new InvalidOperationException($"Unknown watch item {item.GetType().Name}.");
        }
    }

    /// <summary>
    /// Reads jobs again and reports how each differs from what was reported: one job, the named ones, or (following
    /// every job) the live ones and those reported that were not over yet.
    /// </summary>
    private async Task<List<TransferWatchEvent>> ReadAgainAsync(Guid? transferId, bool resync, CancellationToken cancellationToken)
    {
        var events = new List<TransferWatchEvent>();
        List<Guid> ids;
        if (transferId is { } one)
        {
            ids = [one];
        }
        else if (_named is not null)
        {
            ids = [.. _named];
        }
        else
        {
            var live = new HashSet<Guid>();
            var query = new TransferQuery { LiveOnly = true, WithoutFiles = true };
            await foreach (var job in _client.ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                live.Add(job.Id);
                AddIfAny(events, _reported.Read(job, _time.GetUtcNow(), resync));
            }

            // Those that are no longer live ended while events were lost: read how.
            ids = [.. _reported.Jobs.Where(j => !live.Contains(j.Id) && j.State is not (TransferState.Acknowledged or TransferState.Cancelled)).Select(j => j.Id)];
        }

        foreach (var id in ids)
        {
            try
            {
                AddIfAny(events, _reported.Read(await _client.GetAsync(id, cancellationToken).ConfigureAwait(false), _time.GetUtcNow(), resync));
            }
            catch (TransferException ex) when (ex.Code == TransferErrorCode.NotFound)
            {
                // Finished jobs are deleted after 90 days; there is nothing left to report of it.
                _reported.Forget(id);
                _backlog.Forget(id);
            }
        }

        return events;
    }

    private static void AddIfAny(List<TransferWatchEvent> events, TransferWatchEvent? reported)
    {
        if (reported is not null)
        {
            events.Add(reported);
        }
    }
}
