using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Network;

/// <summary>Tells whether the network the machine uses now is metered.</summary>
public interface INetworkCostProvider
{
    /// <summary>
    /// The current network's cost. Should not throw: <see cref="NetworkCost.Unknown"/> when it cannot tell
    /// (the engine treats an exception the same way).
    /// </summary>
    ValueTask<NetworkCost> GetCostAsync(CancellationToken cancellationToken);
}
