namespace BitsLite.Engine.Throttling;

/// <summary>
/// What a background job's back-off learnt about each origin, carried from one file's response to the next: the rate
/// it had reached and the base-delay history. Without it every file would start again at
/// <see cref="LedbatRateController.DefaultInitialRate"/>, and a job of many small files would spend its whole life in
/// the ramp (1,000 files of 64 KiB took minutes instead of seconds).
/// </summary>
/// <remarks>
/// A rate is reused only while it is <see cref="Freshness"/> old at most: after a longer pause the path may be busy
/// with something else, and the controller starts low again. The base-delay history is kept as long as the job runs,
/// as RFC 6817 keeps it per path for minutes. Thread-safe: a job's files run one at a time, but the lock costs nothing.
/// </remarks>
internal sealed class BackoffMemory
{
    /// <summary>How long a rate a file ended at may start the next file's response.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly Dictionary<string, Origin> _origins = new(StringComparer.OrdinalIgnoreCase);

    public BackoffMemory(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The rate to start a response from <paramref name="origin"/> at (null: the default), and the origin's base-delay history.</summary>
    public (long? InitialRate, BaseDelayHistory History) Recall(string origin)
    {
        lock (_origins)
        {
            var known = Get(origin);
            var fresh = known.RateAt is { } at && _time.GetElapsedTime(at) <= Freshness;
            return (fresh ? known.Rate : null, known.History);
        }
    }

    /// <summary>Keeps the rate a response from <paramref name="origin"/> ended at (with its back-off still on).</summary>
    public void Remember(string origin, long rate)
    {
        lock (_origins)
        {
            var known = Get(origin);
            known.Rate = rate;
            known.RateAt = _time.GetTimestamp();
        }
    }

    private Origin Get(string origin)
    {
        if (!_origins.TryGetValue(origin, out var known))
        {
            known = new Origin(new BaseDelayHistory(_time));
            _origins[origin] = known;
        }

        return known;
    }

    private sealed class Origin(BaseDelayHistory history)
    {
        public BaseDelayHistory History { get; } = history;

        public long Rate { get; set; }

        public long? RateAt { get; set; }
    }
}
