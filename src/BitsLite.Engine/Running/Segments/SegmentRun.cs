using BitsLite.Engine.Jobs;
using BitsLite.Engine.Transport;
using BitsLite.Engine.Verification;

namespace BitsLite.Engine.Running.Segments;

/// <summary>
/// Where each connection of one file's attempt has got, and its checkpoints: everything written is made durable (one
/// fsync of the file) before each segment's position goes on record, all in one UPDATE of the file's row. The file's
/// progress is the sum of the segments', so it only grows while they run. With no segments (<see langword="null"/>) it
/// tracks one stream from byte 0, as after a fall-back.
/// </summary>
internal sealed class SegmentRun : IDisposable
{
    /// <summary>Bytes written since the last checkpoint that make the next one due before its interval, as a stream's flush every 64 MiB does.</summary>
    public const long FlushEveryBytes = 64L * 1024 * 1024;

    private readonly TransferJob _job;
    private readonly TransferFile _file;
    private readonly JobStateChanger _changer;
    private readonly FileStream _flusher;
    private readonly FileSegments? _segments;
    private readonly long[] _positions;
    private readonly SemaphoreSlim _flushDue = new(0, 1);
    private long _unflushed;
    private int _signalled;

    public SegmentRun(TransferJob job, TransferFile file, JobStateChanger changer, FileStream flusher, FileSegments? segments)
    {
        _job = job;
        _file = file;
        _changer = changer;
        _flusher = flusher;
        _segments = segments;
        _positions = segments is null ? [0] : [.. segments.Parts.Select(p => p.ResumeAt)];
    }

    /// <summary>How many connections share the file's limits now.</summary>
    public int Connections { get; set; } = 1;

    /// <summary>The check of the file's hash that follows the writes, if it has one.</summary>
    public FileVerifier? Verifier { get; set; }

    /// <summary>Where segment <paramref name="index"/> has been written up to (an absolute offset).</summary>
    public long Position(int index) => Volatile.Read(ref _positions[index]);

    /// <summary>How far the file is written from byte 0 without a hole (the first segment not yet written to its end stops it).</summary>
    public long Frontier()
    {
        if (_segments is null)
        {
            return Position(0);
        }

        for (var i = 0; i < _positions.Length; i++)
        {
            var position = Position(i);
            if (position < _segments.Parts[i].End)
            {
                return position;
            }
        }

        return _segments.Total;
    }

    /// <summary>Notes <paramref name="bytes"/> more written by segment <paramref name="index"/> (only its own copy calls this).</summary>
    public void Advance(int index, int bytes)
    {
        Volatile.Write(ref _positions[index], _positions[index] + bytes);
        lock (_job.Gate)
        {
            _file.BytesTransferred += bytes;
            if (_file.BytesTransferred > _file.HighWater)
            {
                // Only new ground resets the retry timeout, as for one stream.
                _file.HighWater = _file.BytesTransferred;
                _job.LastProgressTime = _changer.Now;
            }
        }

        _changer.ReportProgress(_job);
        Verifier?.Moved();
        if (Interlocked.Add(ref _unflushed, bytes) >= FlushEveryBytes && Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _flushDue.Release();
        }
    }

    /// <summary>Completes once <see cref="FlushEveryBytes"/> have been written since the last checkpoint.</summary>
    public Task FlushDueAsync(CancellationToken cancellationToken) => _flushDue.WaitAsync(cancellationToken);

    /// <summary>Makes what each segment has written durable, then puts their positions on record.</summary>
    /// <exception cref="TransferFailure">The disk refused the fsync; nothing new is recorded.</exception>
    public void Checkpoint()
    {
        Interlocked.Exchange(ref _unflushed, 0);
        Interlocked.Exchange(ref _signalled, 0);
        var positions = _positions.Select((_, i) => Position(i)).ToArray();
        try
        {
            _flusher.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, _file.TempPath);
        }

        var recorded = _segments?.WithPositions(positions);
        _changer.Checkpoint(_job, _file, f =>
        {
            f.Segments = recorded;
            f.CheckpointedBytes = recorded?.ContiguousPrefix ?? positions[0];
        });
    }

    public void Dispose() => _flushDue.Dispose();
}
