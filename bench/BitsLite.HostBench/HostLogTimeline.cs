using System.Globalization;

namespace BitsLite.HostBench;

/// <summary>
/// When the host reached each start-up step, read from its log (each line starts with a UTC timestamp, millisecond
/// resolution): "… starting", "Job store open: …", "Listening on …". Only the first start in the log is read.
/// </summary>
internal sealed record HostLogTimeline(DateTime? Starting, DateTime? StoreOpen, DateTime? Listening)
{
    public static HostLogTimeline Read(string logFile)
    {
        DateTime? starting = null, storeOpen = null, listening = null;
        if (!File.Exists(logFile))
        {
            return new HostLogTimeline(null, null, null);
        }

        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !DateTime.TryParseExact(line[..space], "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                continue;
            }

            if (starting is null && line.Contains(" starting (", StringComparison.Ordinal))
            {
                starting = time;
            }
            else if (starting is not null && storeOpen is null && line.Contains("Job store open", StringComparison.Ordinal))
            {
                storeOpen = time;
            }
            else if (storeOpen is not null && listening is null && line.Contains("Listening on", StringComparison.Ordinal))
            {
                listening = time;
                break;
            }
        }

        return new HostLogTimeline(starting, storeOpen, listening);
    }

    /// <summary>Milliseconds from <paramref name="from"/> to <paramref name="to"/>, or NaN when either is unknown.</summary>
    public static double Between(DateTime? from, DateTime? to) => from is { } a && to is { } b ? (b - a).TotalMilliseconds : double.NaN;
}
