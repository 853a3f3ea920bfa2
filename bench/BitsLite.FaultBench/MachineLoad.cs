namespace BitsLite.FaultBench;

/// <summary>The 1-minute load average, printed with the results: on a 2-core machine shared with builds it explains outliers.</summary>
internal static class MachineLoad
{
    public static string Current()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
