namespace BitsLite.Protocol.Transfers;

/// <summary>How a job competes with others; higher priorities run first and may pre-empt lower ones.</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, not a number, as it does for
/// every 64-bit enum.</remarks>
public enum TransferPriority : long
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
