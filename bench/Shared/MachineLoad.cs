namespace BitsLite.Benchmarking;

/// <summary>
/// The 1-minute load average, printed with each result: on a 2-core machine shared with builds it explains outliers.
/// Compiled into each bench program that prints it (a linked file, not a project of its own).
/// </summary>
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
