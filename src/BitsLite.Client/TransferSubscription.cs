using System.Threading.Channels;
using BitsLite.Client.Connection;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client;

/// <summary>
/// A subscription to one job's events, or every job's, that the host already holds: no change made after
/// <see cref="BitsLiteClient.SubscribeAsync"/> returned goes unseen. Disposing it ends the subscription.
/// </summary>
public sealed class TransferSubscription : IAsyncDisposable
{
    private readonly HostConnection _connection;
    private readonly long _id;
    private readonly ChannelReader<TransferEventMessage> _events;
    private readonly Func<long> _droppedHere;
    private long _missedByHost;

    internal TransferSubscription(HostConnection connection, long id, ChannelReader<TransferEventMessage> events, Func<long> droppedHere)
    {
        _connection = connection;
        _id = id;
        _events = events;
        _droppedHere = droppedHere;
    }

    /// <summary>
    /// How many events this subscription has lost so far because its reader fell behind: in the host (which says so on
    /// the next event it sends) or here (the newest 1,024 unread events are kept). Each event carries the whole job, so
    /// the next one shows where a job stands; but a job may have passed through states no event read shows, and a
    /// reader that must not miss those reads the jobs again when this grows.
    /// </summary>
    public long MissedEvents => Interlocked.Read(ref _missedByHost) + _droppedHere();

    /// <summary>The next event.</summary>
    /// <exception cref="TransferException">The connection was lost or the host is stopping.</exception>
    public async Task<TransferEventMessage> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var next = await _events.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (next.Missed is { } missed and > 0)
            {
                Interlocked.Add(ref _missedByHost, missed);
            }

            return next;
        }
        catch (ChannelClosedException ex)
        {
            throw ex.InnerException as TransferException
                ?? new TransferException(TransferErrorCode.HostUnavailable, "The host ended the subscription (it is stopping).", ex);
        }
    }

    /// <summary>Ends the subscription; a lost connection has ended it already.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Not the caller's token: a cancelled reader must still end its subscription.
            await _connection.UnsubscribeAsync(_id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TransferException)
        {
            // The connection is gone, and the subscription with it.
        }
    }
}
