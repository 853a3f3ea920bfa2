using System.Collections.Concurrent;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Live;

/// <summary>
/// Keeps the <see cref="Transfer"/> objects of a session live, as BITS' job objects are, without a round trip per
/// property read. While properties are being read, one background connection follows every job's events and updates
/// the snapshots they share; it closes once reads stop for <see cref="WatchIdleAfter"/>, so an idle session never keeps
/// the host up. A snapshot older than <see cref="Freshness"/> that the events do not cover yet is refreshed once,
/// synchronously. Reading never starts a host: with none running, the last snapshot is the answer (nothing moves
/// without a host). A snapshot counts as covered by the events only when it was taken after the subscription's reply
/// came back: one taken while the host was still setting the subscription up may have missed a change, and is
/// refreshed once through the watching connection, whose replies come after its subscription started.
/// </summary>
internal sealed class LiveTransferRegistry
{
    /// <summary>How long a snapshot counts as current without events covering it.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a snapshot the events cover is trusted without any event: then it is refreshed once, in case a change
    /// slipped between two connections (a reply taken by the host before the subscription started, read after it).
    /// </summary>
    public static readonly TimeSpan CoveredFor = TimeSpan.FromSeconds(10);

    /// <summary>How long the event connection stays open after the last property read.</summary>
    public static readonly TimeSpan WatchIdleAfter = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RefreshBudget = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, WeakReference<LiveTransferEntry>> _entries = new();
    private readonly Func<CancellationToken, Task<BitsLiteClient?>> _connect;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private Task? _watching;
    private BitsLiteClient? _watchClient;
    private long _subscribedAt;
    private long _lastReadAt;
    private long _watchEndedAt;
    private int _pruneAt = 1024;

    public LiveTransferRegistry(Func<CancellationToken, Task<BitsLiteClient?>> connect, TimeProvider time)
    {
        _connect = connect;
        _time = time;
    }

    /// <summary>The session's registry: it reaches the host the cmdlets use, and never starts one.</summary>
    public static LiveTransferRegistry Shared { get; } = new(
        ct => BitsLiteClient.TryConnectAsync(Commands.TransferCmdlet.ClientOptions(autoStart: false), ct),
        TimeProvider.System);

    /// <summary>Whether the event connection is subscribed now.</summary>
    internal bool IsWatching => Volatile.Read(ref _subscribedAt) != 0;

    /// <summary>The number of transfers whose objects are still referenced (dead ones are pruned as more arrive).</summary>
    public int Count => _entries.Count(e => e.Value.TryGetTarget(out _));

    /// <summary>The entry for a snapshot the host just sent, shared with every other object of that transfer.</summary>
    public LiveTransferEntry Track(TransferInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var now = _time.GetTimestamp();
        while (true)
        {
            if (_entries.TryGetValue(info.Id, out var weak) && weak.TryGetTarget(out var existing))
            {
                existing.Update(info, now);
                return existing;
            }

            var entry = new LiveTransferEntry(info, now);
            var added = weak is null
                ? _entries.TryAdd(info.Id, new WeakReference<LiveTransferEntry>(entry))
                : _entries.TryUpdate(info.Id, new WeakReference<LiveTransferEntry>(entry), weak);
            if (added)
            {
                PruneIfLarge();
                return entry;
            }
        }
    }

    /// <summary>
    /// Updates the objects of a transfer from a reply the host just sent, whether or not the command writes it: after
    /// <c>Complete-Transfer $t</c>, <c>$t.State</c> is Acknowledged at once.
    /// </summary>
    public void Observe(TransferInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (_entries.TryGetValue(info.Id, out var weak) && weak.TryGetTarget(out var entry))
        {
            entry.Update(info, _time.GetTimestamp());
        }
    }

    /// <summary>The transfer as the host has it now, as far as can be known cheaply.</summary>
    public TransferInfo Read(LiveTransferEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = _time.GetTimestamp();
        Volatile.Write(ref _lastReadAt, now);
        var subscribedAt = Volatile.Read(ref _subscribedAt);
        var age = _time.GetElapsedTime(entry.TakenAt, now);
        if (subscribedAt != 0 && entry.TakenAt > subscribedAt && age < CoveredFor)
        {
            return entry.Info;
        }

        EnsureWatching();
        if (age >= Freshness)
        {
            Refresh(entry, now);
        }

        return entry.Info;
    }

    private void Refresh(LiveTransferEntry entry, long now)
    {
        var id = entry.Info.Id;
        try
        {
            var info = Task.Run(async () =>
            {
                using var budget = new CancellationTokenSource(RefreshBudget, _time);
                var shared = Volatile.Read(ref _watchClient);
                if (shared is not null)
                {
                    return await shared.GetAsync(id, budget.Token).ConfigureAwait(false);
                }

                var client = await _connect(budget.Token).ConfigureAwait(false);
                if (client is null)
                {
                    return null;
                }

                await using (client.ConfigureAwait(false))
                {
                    return await client.GetAsync(id, budget.Token).ConfigureAwait(false);
                }
            }).GetAwaiter().GetResult();
            if (info is not null)
            {
                entry.Update(info, now);
                return;
            }
        }
        catch (Exception ex) when (ex is TransferException or OperationCanceledException or IOException)
        {
            // No host, a busy one, or the transfer is gone from it: the last snapshot stands.
        }

        // Not again for a while: a session without a host must not try on every read.
        entry.Touch(now);
    }

    private void EnsureWatching()
    {
        lock (_lock)
        {
            // After a watch ended (no host, or it stopped), wait a little before the next: reads in a loop must not
            // each try to connect.
            var endedAt = _watchEndedAt;
            if (_watching is null && (endedAt == 0 || _time.GetElapsedTime(endedAt) >= Freshness))
            {
                _watching = Task.Run(WatchAsync);
            }
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            using var connecting = new CancellationTokenSource(RefreshBudget, _time);
            var client = await _connect(connecting.Token).ConfigureAwait(false);
            if (client is null)
            {
                return;
            }

            await using (client.ConfigureAwait(false))
            {
                var subscription = await client.SubscribeAsync(null, connecting.Token).ConfigureAwait(false);
                await using (subscription.ConfigureAwait(false))
                {
                    Volatile.Write(ref _watchClient, client);
                    Volatile.Write(ref _subscribedAt, _time.GetTimestamp());
                    await FollowAsync(subscription).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is TransferException or OperationCanceledException or IOException)
        {
            // The host went away or stopped answering; reads fall back to refreshing, and the next one watches again.
        }
        finally
        {
            lock (_lock)
            {
                Volatile.Write(ref _watchClient, null);
                Volatile.Write(ref _subscribedAt, 0);
                _watchEndedAt = _time.GetTimestamp();
                _watching = null;
            }
        }
    }

    private async Task FollowAsync(TransferSubscription subscription)
    {
        while (true)
        {
            var idleFor = _time.GetElapsedTime(Volatile.Read(ref _lastReadAt));
            if (idleFor >= WatchIdleAfter)
            {
                return;
            }

            using var quiet = new CancellationTokenSource(WatchIdleAfter - idleFor, _time);
            try
            {
                var e = await subscription.ReadAsync(quiet.Token).ConfigureAwait(false);
                if (_entries.TryGetValue(e.Transfer.Id, out var weak) && weak.TryGetTarget(out var entry))
                {
                    entry.Update(e.Transfer, _time.GetTimestamp());
                }
            }
            catch (OperationCanceledException) when (quiet.IsCancellationRequested)
            {
                // No event for a while: look again whether anyone still reads.
            }
        }
    }

    private void PruneIfLarge()
    {
        if (_entries.Count < Volatile.Read(ref _pruneAt))
        {
            return;
        }

        foreach (var (id, weak) in _entries)
        {
            if (!weak.TryGetTarget(out _))
            {
                _entries.TryRemove(new KeyValuePair<Guid, WeakReference<LiveTransferEntry>>(id, weak));
            }
        }

        Volatile.Write(ref _pruneAt, Math.Max(1024, _entries.Count * 2));
    }
}
