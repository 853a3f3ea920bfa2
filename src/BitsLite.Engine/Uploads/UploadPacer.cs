using BitsLite.Engine.Jobs;
using BitsLite.Engine.Throttling;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Paces one upload attempt's bytes: sizes reads under the job's bandwidth limits, pays for what was sent, shows it as
/// progress, and watches each exchange with the server for stalls (no byte sent and no answer for the stall timeout).
/// </summary>
internal sealed class UploadPacer
{
    public const int MaxChunk = 1024 * 1024;

    private readonly TransferJob _job;
    private readonly TransferFile _file;
    private readonly BandwidthThrottle _throttle;
    private readonly JobStateChanger _changer;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stall;

    public UploadPacer(TransferJob job, TransferFile file, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options)
    {
        _job = job;
        _file = file;
        _throttle = throttle;
        _changer = changer;
        _stallTimeout = options.StallTimeout;
        _time = options.TimeProvider;
    }

    public TimeSpan StallTimeout => _stallTimeout;

    /// <summary>The largest read worth doing under the limits that apply now.</summary>
    public int ChunkSize() => Math.Min(_throttle.ChunkSize(_job.Options.Priority, _job.Bandwidth), MaxChunk);

    /// <summary>
    /// Starts watching one exchange: the returned source is cancelled when the stall timeout passes without a byte sent
    /// (each chunk re-arms it). Dispose it when the exchange is over.
    /// </summary>
    public CancellationTokenSource Watch()
    {
        var stall = new CancellationTokenSource(_stallTimeout, _time);
        Volatile.Write(ref _stall, stall);
        return stall;
    }

    /// <summary>
    /// A chunk of <paramref name="bytes"/> went out and the upload's body now stands at <paramref name="position"/>
    /// (unacknowledged bytes included): progress is shown, the limits paid.
    /// </summary>
    public Task SentAsync(long position, int bytes, CancellationToken cancellationToken)
    {
        try
        {
            Volatile.Read(ref _stall)?.CancelAfter(_stallTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The exchange is over; nothing left to watch.
        }

        lock (_job.Gate)
        {
            _file.BytesTransferred = position;
        }

        _changer.ReportProgress(_job);
        return _throttle.PayAsync(_job.Options.Priority, _job.Bandwidth, bytes, cancellationToken);
    }

    /// <summary>Bytes of a reply arrived; they count against the same limits as the upload.</summary>
    public Task ReceivedReplyAsync(long position, int bytes, CancellationToken cancellationToken)
    {
        lock (_job.Gate)
        {
            _job.Upload.ReplyBytesTransferred = position;
        }

        _changer.ReportProgress(_job);
        return _throttle.PayAsync(_job.Options.Priority, _job.Bandwidth, bytes, cancellationToken);
    }

    /// <summary>A timestamp of the engine's clock.</summary>
    public long Now() => _time.GetTimestamp();

    public TimeSpan Since(long timestamp) => _time.GetElapsedTime(timestamp);
}
