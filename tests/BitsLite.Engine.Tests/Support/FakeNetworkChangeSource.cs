using BitsLite.Engine.Network;

namespace BitsLite.Engine.Tests.Support;

/// <summary>A network whose changes a test announces.</summary>
public sealed class FakeNetworkChangeSource : INetworkChangeSource
{
    public event EventHandler? NetworkChanged;

    /// <summary>How many handlers listen now.</summary>
    public int Listeners => NetworkChanged?.GetInvocationList().Length ?? 0;

    public void RaiseChanged() => NetworkChanged?.Invoke(this, EventArgs.Empty);
}
