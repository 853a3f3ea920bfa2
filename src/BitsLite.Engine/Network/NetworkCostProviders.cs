using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Network;

/// <summary>The network cost providers the engine comes with.</summary>
public static class NetworkCostProviders
{
    /// <summary>A provider that always answers <see cref="NetworkCost.Unknown"/> (which counts as unmetered).</summary>
    public static INetworkCostProvider Unknown { get; } = new UnknownProvider();

    /// <summary>NetworkManager on Linux; <see cref="Unknown"/> elsewhere.</summary>
    public static INetworkCostProvider ForThisSystem() => OperatingSystem.IsLinux() ? new NetworkManagerCostProvider() : Unknown;

    private sealed class UnknownProvider : INetworkCostProvider
    {
        public ValueTask<NetworkCost> GetCostAsync(CancellationToken cancellationToken) => ValueTask.FromResult(NetworkCost.Unknown);
    }
}
