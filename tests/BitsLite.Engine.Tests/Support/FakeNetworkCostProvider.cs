using BitsLite.Engine.Network;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Tests.Support;

/// <summary>A network whose cost a test sets; counts how often the engine asked.</summary>
public sealed class FakeNetworkCostProvider(NetworkCost cost = NetworkCost.Unknown) : INetworkCostProvider
{
    private int _cost = (int)cost;
    private int _asked;

    public NetworkCost Cost
    {
        get => (NetworkCost)Volatile.Read(ref _cost);
        set => Volatile.Write(ref _cost, (int)value);
    }

    /// <summary>How many times the engine asked.</summary>
    public int Asked => Volatile.Read(ref _asked);

    public ValueTask<NetworkCost> GetCostAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _asked);
        return ValueTask.FromResult(Cost);
    }
}
