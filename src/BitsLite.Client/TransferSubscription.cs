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

    internal TransferSubscription(HostConnection connection, long id, ChannelReader<TransferEventMessage> events)
    {
        _connection = connection;
        _id = id;
        _events = events;
    }

    /// <summary>The next event.</summary>
    /// <exception cref="TransferException">The connection was lost or the host is stopping.</exception>
    public async Task<TransferEventMessage> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _events.ReadAsync(cancellationToken).ConfigureAwait(false);
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
