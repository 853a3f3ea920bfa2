namespace BitsLite.HostBench;

/// <summary>
/// One reading of a process from /proc: resident memory now and at its peak (VmRSS, VmHWM), CPU time used so far
/// (utime + stime of every thread, dead ones included), and context switches of each live thread. RSS splits into
/// anonymous memory (heaps, stacks, the GC) and file-backed pages (the mapped runtime, ReadyToRun images, libe_sqlite3);
/// PSS and private memory say how much of it is the host's own rather than shared with other .NET processes.
/// </summary>
internal sealed record ProcessSample(
    long RssKiB,
    long RssAnonKiB,
    long RssFileKiB,
    long PeakRssKiB,
    long PssKiB,
    long PrivateKiB,
    double CpuSeconds,
        int Threads,
    IReadOnlyDictionary<string, ThreadSwitches> SwitchesByThread)
{
    public double RssMiB => RssKiB / 1024.0;

    public double RssAnonMiB => RssAnonKiB / 1024.0;

    public double RssFileMiB => RssFileKiB / 1024.0;

    public double PeakRssMiB => PeakRssKiB / 1024.0;

    /// <summary>Proportional set size: shared pages divided among the processes that map them (smaps_rollup).</summary>
    public double PssMiB => PssKiB / 1024.0;

    /// <summary>Pages no other process maps (Private_Clean + Private_Dirty): what the host alone costs.</summary>
    public double PrivateMiB => PrivateKiB / 1024.0;
}
