namespace BitsLite.Protocol.Hosting;

/// <summary>What the host takes the network's cost to be: what the system reports, or a fixed answer.</summary>
public enum NetworkCostOverride
{
    /// <summary>Ask the system (NetworkManager on Linux; elsewhere the cost is Unknown, which counts as unmetered). The default.</summary>
    Auto,

    /// <summary>Treat every network as metered: jobs whose transfer policy is Unmetered wait until this changes.</summary>
    Metered,

    /// <summary>Treat every network as unmetered, whatever the system says.</summary>
    Unmetered,
}
