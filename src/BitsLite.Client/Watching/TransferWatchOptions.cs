namespace BitsLite.Client.Watching;

/// <summary>How a <see cref="TransferWatch"/> reports.</summary>
public sealed record TransferWatchOptions
{
    /// <summary>The default <see cref="ProgressInterval"/>: half a second, so at most two progress events per second per job.</summary>
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The default <see cref="BacklogLimit"/>.</summary>
    public const int DefaultBacklogLimit = 10_000;

    /// <summary>Whether to report <see cref="TransferWatchEventKind.Progress"/> at all; on by default.</summary>
    public bool IncludeProgress { get; init; } = true;

    /// <summary>
    /// The shortest time between two progress events of one job (<see cref="DefaultProgressInterval"/> by default). A
    /// progress report that comes sooner is held, and replaced by newer ones, until the interval has passed, so the last
    /// position of a burst is always reported; a state change, which carries the bytes too, replaces it.
    /// </summary>
    public TimeSpan ProgressInterval
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The progress interval cannot be negative.");
    } = DefaultProgressInterval;

    /// <summary>
    /// How many events may wait for a slow reader (<see cref="DefaultBacklogLimit"/> by default). Past it they are dropped,
    /// and the watch reads the jobs again instead, reporting where they stand as <see cref="TransferWatchEvent.Resync"/> events.
    /// </summary>
    public int BacklogLimit
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The backlog limit must be positive.");
    } = DefaultBacklogLimit;

    /// <summary>The clock for event times and the progress interval.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
