namespace BitsLite.Protocol.Hosting;

/// <summary>Whether the network the host uses costs by the byte, as the system reports it.</summary>
public enum NetworkCost
{
    /// <summary>The system cannot tell (no NetworkManager, no connection, or it does not know). Jobs treat it as unmetered.</summary>
    Unknown,

    /// <summary>Not metered: every job may transfer.</summary>
    Unmetered,

    /// <summary>Metered (a mobile connection, a phone's hotspot, or one the user marked so): jobs whose transfer policy is Unmetered wait.</summary>
    Metered,
}
