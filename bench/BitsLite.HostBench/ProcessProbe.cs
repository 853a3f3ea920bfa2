using System.Diagnostics;
using System.Globalization;

namespace BitsLite.HostBench;

/// <summary>Reads another process's memory, CPU time and context switches from /proc, without waking it.</summary>
internal static class ProcessProbe
{
    /// <summary>Whether the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
            return state.Length > 0 && state[0] != 'Z' && state[0] != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <exception cref="IOException">The process is gone.</exception>
    public static ProcessSample Read(int pid)
    {
        var status = StatusFields($"/proc/{pid}/status");
        var rollup = StatusFields($"/proc/{pid}/smaps_rollup");
        double cpu;
        using (var process = Process.GetProcessById(pid))
        {
            // Read from /proc/<pid>/stat (utime + stime) with the system's clock tick.
            cpu = process.TotalProcessorTime.TotalSeconds;
        }

        var byThread = new Dictionary<string, ThreadSwitches>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var fields = StatusFields(Path.Combine(task, "status"));
                var name = $"{File.ReadAllText(Path.Combine(task, "comm")).Trim()} ({Path.GetFileName(task)})";
                byThread[name] = new ThreadSwitches(fields.GetValueOrDefault("voluntary_ctxt_switches"), fields.GetValueOrDefault("nonvoluntary_ctxt_switches"));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return new ProcessSample(
            status.GetValueOrDefault("VmRSS"),
            status.GetValueOrDefault("RssAnon"),
            status.GetValueOrDefault("RssFile") + status.GetValueOrDefault("RssShmem"),
            status.GetValueOrDefault("VmHWM"),
            rollup.GetValueOrDefault("Pss"),
            rollup.GetValueOrDefault("Private_Clean") + rollup.GetValueOrDefault("Private_Dirty"),
            cpu,
            (int)status.GetValueOrDefault("Threads"),
            byThread);
    }

    /// <summary>Waits until the process is gone; false if it is still alive after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>The numeric "Name: value [kB]" lines of a /proc status or smaps_rollup file.</summary>
    private static Dictionary<string, long> StatusFields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            if (value.EndsWith(" kB", StringComparison.Ordinal))
            {
                value = value[..^3];
            }

            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                fields[line[..colon]] = number;
            }
        }

        return fields;
    }
}
