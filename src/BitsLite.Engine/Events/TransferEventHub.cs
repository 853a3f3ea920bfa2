namespace BitsLite.Engine.Events;

/// <summary>Fans job events out to subscribers without ever blocking the publisher.</summary>
internal sealed class TransferEventHub
{
    private const int SubscriberCapacity = 4096;
    private readonly Lock _lock = new();
    private TransferSubscription[] _subscribers = [];

    public TransferSubscription Subscribe(Guid? jobId)
    {
        var subscription = new TransferSubscription(jobId, SubscriberCapacity, Unsubscribe);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    public void Publish(TransferEvent transferEvent)
    {
        // Copy-on-write array: publishing takes no lock.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(transferEvent);
        }
    }

    private void Unsubscribe(TransferSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers = Array.FindAll(_subscribers, s => s != subscription);
        }
    }
}
