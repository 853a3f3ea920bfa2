namespace BitsLite.Protocol.Wire;

/// <summary>The version of the client–host protocol. A change that an older peer would misread bumps it.</summary>
public static class ProtocolVersion
{
    /// <summary>The version this build speaks.</summary>
    public const int Current = 3;
}
