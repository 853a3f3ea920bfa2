namespace BitsLite.HostBench;

/// <summary>One thread's context switches so far: voluntary (it slept and was woken) and involuntary (preempted).</summary>
internal readonly record struct ThreadSwitches(long Voluntary, long Involuntary);
