using System.Collections.Concurrent;
using System.Threading.Channels;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client.Connection;

/// <summary>
/// A subscribe request. Registers the event channel on the reader thread, as the reply is read, so that no event of
/// the new subscription can arrive before there is a channel for it.
/// </summary>
internal sealed class SubscribeReply(ConcurrentDictionary<long, Channel<TransferEventMessage>> subscriptions) : PendingReply
{
    private long _dropped;

    /// <summary>The subscription's events, once the host has accepted it.</summary>
    public Channel<TransferEventMessage>? Events { get; private set; }

    /// <summary>How many events the channel dropped, oldest first, because its reader fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public override bool Accept(Reply reply)
    {
        if (reply is SubscribedReply subscribed)
        {
            // The latest event carries the whole job, so a slow reader may lose old ones but never the outcome.
            Events = Channel.CreateBounded<TransferEventMessage>(new BoundedChannelOptions(1024)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
            }, _ => Interlocked.Increment(ref _dropped));
            subscriptions[subscribed.SubscriptionId] = Events;
        }

        Settle(reply);
        return true;
    }
}
