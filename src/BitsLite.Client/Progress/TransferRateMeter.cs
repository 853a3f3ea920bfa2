namespace BitsLite.Client.Progress;

/// <summary>
/// The recent transfer rate: bytes over the last few seconds of samples, so a stall shows as a falling rate
/// rather than the last burst. A drop in bytes (a file restarted from zero) starts over.
/// </summary>
public sealed class TransferRateMeter
{
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _window;
    private readonly List<(DateTimeOffset Time, long Bytes)> _samples = [];

    /// <summary>A meter over the last <paramref name="window"/> of samples.</summary>
    public TransferRateMeter(TimeSpan window) => _window = window;

    /// <summary>A meter over the last 5 seconds.</summary>
    public TransferRateMeter() : this(TimeSpan.FromSeconds(5)) { }

    /// <summary>Records that <paramref name="bytes"/> were done at <paramref name="time"/>.</summary>
    public void Add(DateTimeOffset time, long bytes)
    {
        if (_samples.Count > 0 && (bytes < _samples[^1].Bytes || time < _samples[^1].Time))
        {
            _samples.Clear();
        }

        _samples.Add((time, bytes));

        // Keep the newest sample at least a window old as the baseline.
        while (_samples.Count > 2 && _samples[1].Time <= time - _window)
        {
            _samples.RemoveAt(0);
        }
    }

    /// <summary>Bytes per second up to <paramref name="now"/>, or <see langword="null"/> until there is enough to tell.</summary>
    public double? BytesPerSecond(DateTimeOffset now)
    {
        if (_samples.Count == 0)
        {
            return null;
        }

        var (firstTime, firstBytes) = _samples[0];
        var elapsed = now - firstTime;
        if (elapsed < MinimumSpan)
        {
            return null;
        }

        return (_samples[^1].Bytes - firstBytes) / elapsed.TotalSeconds;
    }

    /// <summary>The time left at <paramref name="bytesPerSecond"/>, or <see langword="null"/> when the total or the rate is unknown or zero.</summary>
    public static TimeSpan? Remaining(long transferred, long total, double? bytesPerSecond)
    {
        if (total < 0 || bytesPerSecond is not > 0 || transferred > total)
        {
            return null;
        }

        var seconds = (total - transferred) / bytesPerSecond.Value;
        return seconds > TimeSpan.FromDays(365).TotalSeconds ? null : TimeSpan.FromSeconds(Math.Ceiling(seconds));
    }
}
