using System.Threading.Channels;

namespace BitsLite.Engine.Events;

/// <summary>
/// A stream of job events for one subscriber. A subscriber that falls far behind loses the oldest
/// events rather than slowing transfers down; state changes remain visible in later snapshots.
/// </summary>
public sealed class TransferSubscription : IDisposable
{
    private readonly Channel<TransferEvent> _channel;
    private readonly Action<TransferSubscription> _unsubscribe;
    private long _dropped;

    internal TransferSubscription(Guid? jobId, int capacity, Action<TransferSubscription> unsubscribe)
    {
        JobId = jobId;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<TransferEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The one job this subscription follows, or <see langword="null"/> for all jobs.</summary>
    public Guid? JobId { get; }

    /// <summary>The events, in the order they happened.</summary>
    public ChannelReader<TransferEvent> Reader => _channel.Reader;

    /// <summary>
    /// How many events were dropped, oldest first, since the last call because the subscriber fell behind; the count
    /// starts again. Forwarded with the next event, so that a client knows to read the jobs again.
    /// </summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    internal void Offer(TransferEvent transferEvent)
    {
        if (JobId is null || JobId == transferEvent.Transfer.Id)
        {
            _channel.Writer.TryWrite(transferEvent);
        }
    }

    /// <summary>Stops the stream; the reader completes.</summary>
    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
