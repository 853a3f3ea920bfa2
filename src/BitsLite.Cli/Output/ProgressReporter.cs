using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// Shows a job's progress on standard error. On a terminal, one line redrawn in place with \r (at most ten
/// times a second); otherwise (a log, a pipe) a plain line when the state changes and every
/// <see cref="PlainInterval"/> in between. Snapshots come from the client's wait (<see cref="Report"/>) and
/// from a timer (<see cref="Refresh"/>) so that the rate falls and the ETA grows while nothing arrives.
/// </summary>
internal sealed class ProgressReporter : IProgress<TransferInfo>
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly CliConsole _console;
    private readonly TimeProvider _time;
    private readonly TransferRateMeter _meter = new();
    private TransferInfo? _latest;
    private TransferState? _shownState;
    private DateTimeOffset _shownAt = DateTimeOffset.MinValue;
    private string _shownLine = "";
    private int _drawnLength;
    private bool _finished;

    public ProgressReporter(CliConsole console, TimeProvider time)
    {
        _console = console;
        _time = time;
    }

    /// <summary>The latest snapshot seen.</summary>
    public TransferInfo? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    public void Report(TransferInfo value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _latest = value;
            var now = _time.GetUtcNow();
            _meter.Add(now, value.BytesTransferred);
            Show(now, force: value.State != _shownState);
        }
    }

    /// <summary>Redraws with the time that has passed (called about once a second).</summary>
    public void Refresh()
    {
        lock (_lock)
        {
            if (_latest is null)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _meter.Add(now, _latest.BytesTransferred);
            Show(now, force: false);
        }
    }

    /// <summary>Shows the last state and ends the line; nothing more is drawn afterwards.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            if (_latest is not null)
            {
                var line = Line(_time.GetUtcNow());
                if (_console.ErrorIsTerminal)
                {
                    Draw(line);
                }
                else if (line != _shownLine)
                {
                    _console.Message(line);
                }
            }

            if (_console.ErrorIsTerminal && _drawnLength > 0)
            {
                _console.WriteError(Environment.NewLine);
            }

            _finished = true;
        }
    }

    private void Show(DateTimeOffset now, bool force)
    {
        if (_finished)
        {
            return;
        }

        var interval = _console.ErrorIsTerminal ? RedrawInterval : PlainInterval;
        if (!force && now - _shownAt < interval)
        {
            return;
        }

        var line = Line(now);
        if (_console.ErrorIsTerminal)
        {
            Draw(line);
        }
        else
        {
            _console.Message(line);
        }

        _shownLine = line;
        _shownAt = now;
        _shownState = _latest!.State;
    }

    private string Line(DateTimeOffset now)
    {
        var job = _latest!;
        var rate = _meter.BytesPerSecond(now);
        return ProgressLineFormatter.Format(job, rate, TransferRateMeter.Remaining(job.BytesTransferred, job.BytesTotal, rate));
    }

    private void Draw(string line)
    {
        var fitted = ProgressLineFormatter.Fit(line, _console.TerminalWidth);

        // Spaces over what is left of a longer previous line; no escape sequences, so any terminal works.
        _console.WriteError("\r" + fitted.PadRight(_drawnLength));
        _drawnLength = fitted.Length;
    }
}
