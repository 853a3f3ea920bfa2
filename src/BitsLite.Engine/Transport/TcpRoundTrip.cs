namespace BitsLite.Engine.Transport;

/// <summary>A receiver's round-trip estimate from <see cref="TcpInfo"/>: a value, none yet, or none to be had.</summary>
/// <param name="Value">The estimate, when there is one.</param>
/// <param name="IsAvailable">False when the system or the connection cannot give one (no TCP_INFO, no TCP timestamps, a closed socket).</param>
internal readonly record struct TcpRoundTrip(TimeSpan? Value, bool IsAvailable = true)
{
    /// <summary>The largest segment the connection brings (its MSS; 64 KiB on loopback), or 0 when unknown.</summary>
    public int SegmentSize { get; init; }

    /// <summary>No estimate will come (see <see cref="IsAvailable"/>).</summary>
    public static TcpRoundTrip Unavailable { get; } = new(null, IsAvailable: false);

    /// <summary>No estimate yet: the connection has not received enough.</summary>
    public static TcpRoundTrip NotYet { get; } = new(null);
}
