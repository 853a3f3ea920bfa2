namespace BitsLite.Engine.Network;

/// <summary>Tells the engine that the machine's network changed (an address came or went, a link went up or down).</summary>
public interface INetworkChangeSource
{
    /// <summary>
    /// Raised on any thread, possibly many times in a burst, when the network may have changed. Handlers must not block;
    /// the engine waits for the burst to settle before it acts.
    /// </summary>
    event EventHandler? NetworkChanged;
}
