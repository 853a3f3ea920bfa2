namespace BitsLite.Protocol.Wire;

/// <summary>What a reader of frames accepts: how big a frame may be, how long it may take to arrive, and what memory all readers share.</summary>
public sealed record FrameReadLimits
{
    /// <summary>The largest frame accepted; default <see cref="FrameCodec.MaxFrameBytes"/>.</summary>
    public int MaxFrameBytes { get; init; } = FrameCodec.MaxFrameBytes;

    /// <summary>
    /// How long a frame may take from its first byte to its last; <see langword="null"/> (default) for ever. The wait
    /// before a frame starts is not counted: an idle peer between frames is fine.
    /// </summary>
    public TimeSpan? FrameTimeout { get; init; }

    /// <summary>The memory shared with other readers for frames still arriving; <see langword="null"/> (default) for none.</summary>
    public FrameBudget? Budget { get; init; }
}
