namespace BitsLite.HostBench;

/// <summary>
/// What one idle watch saw: the host after start, after a full listing (seeded store only), at both ends of the
/// idle time, the largest RSS in between, and the context switches counted over it.
/// </summary>
internal sealed record IdleResult(ProcessSample AfterStart, ProcessSample? AfterList, ProcessSample Begin, ProcessSample End, double MaxRssMiB, SwitchCounter Switches)
{
    public double CpuSeconds => End.CpuSeconds - Begin.CpuSeconds;
}
