using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Cli.Tests.Output;

public class ProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TransferInfo Running(long done, long total = 100 * 1024 * 1024, TransferState state = TransferState.Transferring, int files = 1) =>
        SampleJobs.Job("isos", state, total: total, done: done) with { FilesTotal = files };

    [Fact]
    public void TheLine_HasPercentBytesRateAndEta()
    {
        var line = ProgressLineFormatter.Format(Running(25 * 1024 * 1024, files: 3), 5 * 1024 * 1024, TimeSpan.FromSeconds(15));
        Assert.Equal("isos: Transferring  25.0%  25.0 MiB / 100 MiB  5.00 MiB/s  ETA 15s  files 0/3", line);
    }

    [Fact]
    public void AnUnknownTotal_ShowsNoPercentAndNoEta()
    {
        var job = Running(2048, total: -1);
        var rate = 1024.0;
        var line = ProgressLineFormatter.Format(job, rate, TransferRateMeter.Remaining(job.BytesTransferred, job.BytesTotal, rate));
        Assert.Equal("isos: Transferring  2.00 KiB / ?  1.00 KiB/s", line);
    }

    [Fact]
    public void WaitingStates_ShowNoRate_AndATransientErrorSaysItWillRetry()
    {
        Assert.Equal("isos: Queued  0.0%  0 B / 100 MiB", ProgressLineFormatter.Format(Running(0, state: TransferState.Queued), 1000, null));
        var failing = Running(0, state: TransferState.TransientError) with
        {
            Error = new TransferError { Context = TransferErrorContext.GeneralTransport, Description = "Connection refused.", IsTransient = true },
        };
        Assert.EndsWith("will retry: Connection refused.", ProgressLineFormatter.Format(failing, null, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_AreCutToTheTerminalWidth() =>
        Assert.Equal(39, ProgressLineFormatter.Fit(new string('x', 100), 40).Length);

    [Fact]
    public void TheRate_CoversTheLastSeconds_AndFallsDuringAStall()
    {
        var meter = new TransferRateMeter(TimeSpan.FromSeconds(5));
        Assert.Null(meter.BytesPerSecond(Start));
        meter.Add(Start, 0);
        Assert.Null(meter.BytesPerSecond(Start.AddMilliseconds(100)));
        for (var second = 1; second <= 10; second++)
        {
            meter.Add(Start.AddSeconds(second), second * 1000L);
        }

        Assert.Equal(1000, meter.BytesPerSecond(Start.AddSeconds(10))!.Value, precision: 3);

        // Nothing more arrives: samples at the same byte count pull the rate down to zero.
        for (var second = 11; second <= 16; second++)
        {
            meter.Add(Start.AddSeconds(second), 10_000);
        }

        Assert.Equal(0, meter.BytesPerSecond(Start.AddSeconds(16))!.Value, precision: 3);
    }

    [Fact]
    public void ARestartFromZero_StartsTheRateOver()
    {
        var meter = new TransferRateMeter();
        meter.Add(Start, 0);
        meter.Add(Start.AddSeconds(1), 1_000_000);
        meter.Add(Start.AddSeconds(2), 0);
        meter.Add(Start.AddSeconds(3), 500);
        Assert.Equal(500, meter.BytesPerSecond(Start.AddSeconds(3))!.Value, precision: 3);
    }

    [Theory]
    [InlineData(0, 1000, 100.0, 10.0)]
    [InlineData(999, 1000, 100.0, 1.0)]
    [InlineData(0, -1, 100.0, null)]
    [InlineData(0, 1000, 0.0, null)]
    [InlineData(0, 1000, null, null)]
    public void RemainingTime_IsWhatIsLeftAtTheRate_OrUnknown(long done, long total, double? rate, double? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), TransferRateMeter.Remaining(done, total, rate));

    [Fact]
    public void OnATerminal_OneLineIsRedrawnInPlace()
    {
        var time = new ManualTimeProvider(Start);
        using var error = new StringWriter();
        var reporter = new ProgressReporter(new CliConsole(TextWriter.Null, error, errorIsTerminal: true, terminalWidth: 200), time);
        reporter.Report(Running(0));
        time.Advance(TimeSpan.FromSeconds(1));
        reporter.Report(Running(10 * 1024 * 1024));
        time.Advance(TimeSpan.FromMilliseconds(10));
        reporter.Report(Running(11 * 1024 * 1024)); // too soon: not drawn
        time.Advance(TimeSpan.FromSeconds(1));
        reporter.Refresh();
        reporter.Report(Running(100 * 1024 * 1024, state: TransferState.Transferred));
        reporter.Finish();
        reporter.Report(Running(0)); // after Finish: ignored

        var text = error.ToString();
        Assert.DoesNotContain('\n', text.TrimEnd('\n', '\r'));
        var frames = text.TrimEnd().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, frames.Length);
        Assert.StartsWith("isos: Transferring  0.0%", frames[0], StringComparison.Ordinal);
        Assert.Contains("10.0 MiB / 100 MiB  10.0 MiB/s  ETA 9s", frames[1], StringComparison.Ordinal);
        Assert.Matches(@"11\.0 MiB / 100 MiB  5\.4\d MiB/s  ETA \d+s$", frames[2]);
        Assert.StartsWith("isos: Transferred  100.0%", frames[3], StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Elsewhere_PlainLinesComeOnStateChanges_AndEveryFewSeconds()
    {
        var time = new ManualTimeProvider(Start);
        using var error = new StringWriter();
        var reporter = new ProgressReporter(new CliConsole(TextWriter.Null, error, errorIsTerminal: false), time);
        reporter.Report(Running(0, state: TransferState.Queued));
        reporter.Report(Running(0));
        time.Advance(TimeSpan.FromSeconds(1));
        reporter.Report(Running(1024)); // within the interval: not shown
        time.Advance(ProgressReporter.PlainInterval);
        reporter.Report(Running(2048));
        reporter.Report(Running(100 * 1024 * 1024, state: TransferState.Transferred));
        reporter.Finish();

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', error.ToString());
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("isos: Queued", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("isos: Transferring  0.0%", lines[1], StringComparison.Ordinal);
        Assert.Contains("2.00 KiB / 100 MiB", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("isos: Transferred", lines[3], StringComparison.Ordinal);
    }
}
