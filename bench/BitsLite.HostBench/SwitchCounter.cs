namespace BitsLite.HostBench;

/// <summary>
/// Adds up a process's context switches across successive samples, thread by thread. Threads come and go
/// (the thread pool retires idle workers), so a sum over the live threads at two moments would undercount;
/// summing each thread's growth between consecutive samples loses at most a dying thread's last interval.
/// </summary>
internal sealed class SwitchCounter
{
    private readonly Dictionary<string, ThreadSwitches> _byThread = new(StringComparer.Ordinal);
    private readonly List<long> _voluntaryPerSample = [];
    private ProcessSample _previous;

    public SwitchCounter(ProcessSample first) => _previous = first;

    public long Voluntary { get; private set; }

    public long Involuntary { get; private set; }

    /// <summary>Threads (name and tid) that were switched out since the first sample, with their counts.</summary>
    public IReadOnlyDictionary<string, ThreadSwitches> ByThread => _byThread;

    /// <summary>Voluntary switches between each sample and the one before: when in the idle time the wake-ups happened.</summary>
    public IReadOnlyList<long> VoluntaryPerSample => _voluntaryPerSample;

    /// <summary>Voluntary switches per sample after the first <paramref name="settle"/> samples (the tail of the last activity).</summary>
    public double VoluntaryRateAfter(int settle)
    {
        settle = Math.Min(settle, _voluntaryPerSample.Count / 2);
        return _voluntaryPerSample.Skip(settle).Sum() / (double)Math.Max(1, _voluntaryPerSample.Count - settle);
    }

    public void Add(ProcessSample sample)
    {
        var voluntaryBefore = Voluntary;
        foreach (var (thread, now) in sample.SwitchesByThread)
        {
            var before = _previous.SwitchesByThread.GetValueOrDefault(thread);
            var delta = new ThreadSwitches(now.Voluntary - before.Voluntary, now.Involuntary - before.Involuntary);
            if (delta.Voluntary == 0 && delta.Involuntary == 0)
            {
                continue;
            }

            Voluntary += delta.Voluntary;
            Involuntary += delta.Involuntary;
            var total = _byThread.GetValueOrDefault(thread);
            _byThread[thread] = new ThreadSwitches(total.Voluntary + delta.Voluntary, total.Involuntary + delta.Involuntary);
        }

        _voluntaryPerSample.Add(Voluntary - voluntaryBefore);
        _previous = sample;
    }
}
