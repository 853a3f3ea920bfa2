namespace BitsLite.Protocol.Transfers;

/// <summary>How a job competes with others; higher priorities run first and may pre-empt lower ones.</summary>
public enum TransferPriority
{
    /// <summary>Interactive work: runs first and is never held by the background bandwidth limit.</summary>
    Foreground,

    /// <summary>The highest background priority.</summary>
    High,

    /// <summary>The default background priority.</summary>
    Normal,

    /// <summary>The lowest background priority.</summary>
    Low,
}
