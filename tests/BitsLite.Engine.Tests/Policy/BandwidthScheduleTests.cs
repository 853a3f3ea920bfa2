using BitsLite.Engine.Policy;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Policy;

/// <summary>
/// The bandwidth schedule in a real engine, on a clock the test moves and in a fixed zone (UTC+1 in January): the clock
/// starts on Monday 5 January 2026 at 07:00 local time. Background jobs that must transfer here are High: Normal and
/// Low ones may back off on delays measured on the clock, which only the test moves.
/// </summary>
public class BandwidthScheduleTests : TransferTestBase
{
    private const long FourMiB = 4 * 1024 * 1024;
    private const long OneMiB = 1024 * 1024;

    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero)) { Zone = TestTimeZones.CentralEurope };

    // The stall timeout runs on the same clock: hours moved while a download is held at the server must not stall it.
    // Failures go straight to the job's retry pipeline: a quick reconnect's back-off would wait on a clock only the test moves.
    protected override TransferEngineOptions Configure(TransferEngineOptions options) =>
        options with { TimeProvider = _time, StallTimeout = TimeSpan.FromDays(1), QuickReconnect = QuickReconnectOptions.Off };

    private static DateTimeOffset Local(int day, int hour) => new(2026, 1, day, hour, 0, 0, Cet);

    private Task<HostPolicy> ScheduleAsync(string schedule, long? outside = null) =>
        Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = BandwidthSchedule.Parse(schedule), BackgroundBandwidth = outside ?? 0 });

    private Task<TransferInfo> WaitHeldAsync(Guid id, string until) =>
        Harness.WaitUntilAsync(id, t => t.State == TransferState.Queued && t.QueueReason == $"blocked by the bandwidth schedule until {until}", $"Queued, held until {until}");

    [Fact]
    public async Task TheLimitInForce_ChangesAtEachBoundary_WhenTheTimerFires()
    {
        var policy = await ScheduleAsync("Mon-Fri 08:00-17:00 1M", outside: FourMiB);

        Assert.Equal(FourMiB, policy.EffectiveBackgroundBandwidth);
        Assert.Equal(Local(5, 8), policy.EffectiveBackgroundBandwidthUntil);
        Assert.Equal(FourMiB, Engine.BackgroundRate);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(FourMiB, Engine.BackgroundRate);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OneMiB, Engine.BackgroundRate);
        Assert.Equal(OneMiB, Engine.Policy.EffectiveBackgroundBandwidth);
        Assert.Equal(Local(5, 17), Engine.Policy.EffectiveBackgroundBandwidthUntil);

        _time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(FourMiB, Engine.BackgroundRate);
        Assert.Equal(Local(6, 8), Engine.Policy.EffectiveBackgroundBandwidthUntil);

        // Friday 17:00 until Monday 08:00: the whole weekend at the limit outside the schedule.
        _time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(FourMiB, Engine.BackgroundRate);
        Assert.Equal(Local(12, 8), Engine.Policy.EffectiveBackgroundBandwidthUntil);
    }

    [Fact]
    public async Task ANoLimitWindow_LiftsTheBackgroundLimit_AndRemovingTheScheduleRestoresIt()
    {
        await ScheduleAsync("Mon 06:00-09:00 off", outside: FourMiB);
        Assert.Null(Engine.BackgroundRate);
        Assert.Null(Engine.Policy.EffectiveBackgroundBandwidth);

        var cleared = await Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [] });

        Assert.Null(cleared.BandwidthSchedule);
        Assert.Equal(FourMiB, cleared.EffectiveBackgroundBandwidth);
        Assert.Null(cleared.EffectiveBackgroundBandwidthUntil);
        Assert.Equal(FourMiB, Engine.BackgroundRate);
    }

    [Fact]
    public async Task AZeroWindow_HoldsABackgroundJobQueuedWithTheReason_AndItStartsWhenTheWindowEnds()
    {
        await ScheduleAsync("Mon 06:00-08:00 0");
        Server.Serve("/held.bin", EngineHarness.RandomBytes(10_000));

        var job = await Harness.DownloadAsync(Server.Url("/held.bin"), Harness.Out("held.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.High } });
        var held = await WaitHeldAsync(job.Id, "08:00");

        Assert.Empty(Server.RequestsFor("/held.bin"));
        Assert.Equal(0, Engine.Policy.EffectiveBackgroundBandwidth);
        Assert.Equal(held.QueueReason, Engine.Get(job.Id).QueueReason);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TransferState.Queued, Engine.Get(job.Id).State);
        _time.Advance(TimeSpan.FromMinutes(1));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Null(done.QueueReason);
        Assert.Single(Server.RequestsFor("/held.bin"));
    }

    [Fact]
    public async Task AHoldOfADayOrMore_NamesTheDayItEnds()
    {
        await ScheduleAsync("Mon-Tue 00:00-24:00 0");
        Server.Serve("/long.bin", EngineHarness.RandomBytes(100));

        var job = await Harness.DownloadAsync(Server.Url("/long.bin"), Harness.Out("long.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Low } });

        await WaitHeldAsync(job.Id, "Wed 00:00");
    }

    [Fact]
    public async Task ForegroundJobs_AreNeverHeld()
    {
        await ScheduleAsync("Mon 06:00-08:00 0");
        Server.Serve("/now.bin", EngineHarness.RandomBytes(10_000));

        var job = await Harness.DownloadAsync(Server.Url("/now.bin"), Harness.Out("now.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Foreground } });

        await Harness.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task AHeldJobMadeForeground_StartsAtOnce()
    {
        await ScheduleAsync("Mon 06:00-08:00 0");
        Server.Serve("/promoted.bin", EngineHarness.RandomBytes(10_000));
        var job = await Harness.DownloadAsync(Server.Url("/promoted.bin"), Harness.Out("promoted.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.High } });
        await WaitHeldAsync(job.Id, "08:00");

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Priority = TransferPriority.Foreground });

        await Harness.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task ARunningBackgroundJob_GoesBackToQueuedWhenAZeroWindowStarts_AndResumesWhereItStoppedWhenItEnds()
    {
        await ScheduleAsync("Mon 08:00-09:00 0");
        var (job, gate, content) = await StartHeldDownloadAsync("window.bin", 200_000, 50_000, new TransferRequest { Options = new() { Priority = TransferPriority.High } });

        _time.Advance(TimeSpan.FromHours(1));
        var held = await WaitHeldAsync(job.Id, "09:00");
        gate.Abort();
        Assert.Equal(50_000, held.BytesTransferred);

        _time.Advance(TimeSpan.FromHours(1));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("window.bin")));
        Assert.Equal("bytes=50000-", Server.RequestsFor("/window.bin")[1].Range);
    }

    [Fact]
    public async Task TimeHeldByTheSchedule_DoesNotCountAgainstTheRetryTimeout()
    {
        await ScheduleAsync("Mon 06:00-10:00 0");
        Server.Serve("/busy.bin", EngineHarness.RandomBytes(1000), new FaultPlan { FailStatus = 503 });
        var job = await Harness.DownloadAsync(Server.Url("/busy.bin"), Harness.Out("busy.bin"), new TransferRequest
        {
            Options = new()
            {
                Priority = TransferPriority.High,
                RetryTimeout = TimeSpan.FromHours(1),
                RetryInterval = TimeSpan.FromHours(1),
            },
        });
        await WaitHeldAsync(job.Id, "10:00");

        // Three hours held, then a transient failure: still within the hour of retry timeout, counted from the window's end.
        _time.Advance(TimeSpan.FromHours(3));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.TransientError, TransferState.Error);

        Assert.Equal(TransferState.TransientError, failed.State);
        Assert.Equal(503, failed.Error?.HttpStatus);
    }

    [Fact]
    public async Task TheSchedule_IsSaved_AndInForceAgainAfterARestart()
    {
        var set = await ScheduleAsync("Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k", outside: FourMiB);
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        var policy = Engine.Policy;
        Assert.Equal(set.BandwidthSchedule, policy.BandwidthSchedule);
        Assert.Equal("Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 256k", BandwidthSchedule.Format(policy.BandwidthSchedule));
        Assert.Equal(FourMiB, policy.BackgroundBandwidth);
        Assert.Equal(Local(5, 8), policy.EffectiveBackgroundBandwidthUntil);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(OneMiB, Engine.BackgroundRate);
    }

    [Fact]
    public async Task ClearingTheSchedule_IsSavedToo()
    {
        await ScheduleAsync("Mon 08:00-17:00 1M");
        await Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [] });
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.Null(Engine.Policy.BandwidthSchedule);
        Assert.Null(Engine.Policy.EffectiveBackgroundBandwidthUntil);
    }

    [Fact]
    public async Task AnInvalidSchedule_IsRefused_AndNothingChanges()
    {
        await ScheduleAsync("Mon 08:00-17:00 1M");
        var rule = new BandwidthRule { Days = ScheduleDays.Monday, Start = TimeSpan.FromHours(8), End = TimeSpan.FromHours(9) };

        var tooMany = await Assert.ThrowsAsync<TransferException>(() => Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [.. Enumerable.Repeat(rule, 33)], MaxActiveJobs = 9 }));
        var empty = await Assert.ThrowsAsync<TransferException>(() => Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [rule with { End = rule.Start }] }));
        var negative = await Assert.ThrowsAsync<TransferException>(() => Engine.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [rule with { Limit = -1 }] }));
        await Harness.CloseAsync();
        await Harness.OpenAsync();

        Assert.All([tooMany, empty, negative], e => Assert.Equal(TransferErrorCode.InvalidArgument, e.Code));
        Assert.Equal("A bandwidth schedule has at most 32 rules; this one has 33.", tooMany.Message);
        Assert.Equal("Mon 08:00-17:00 1M", BandwidthSchedule.Format(Engine.Policy.BandwidthSchedule));
        Assert.NotEqual(9, Engine.Policy.MaxActiveJobs);
    }

    [Fact]
    public void WithoutASchedule_TheBackgroundBandwidthIsInForce_Forever()
    {
        var policy = Engine.Policy;

        Assert.Null(policy.BandwidthSchedule);
        Assert.Equal(policy.BackgroundBandwidth, policy.EffectiveBackgroundBandwidth);
        Assert.Null(policy.EffectiveBackgroundBandwidthUntil);
    }

    [Fact]
    public async Task TheHeldReason_StartsWithTheGatesConstant()
    {
        await ScheduleAsync("Mon 06:00-08:00 0");
        Server.Serve("/reason.bin", EngineHarness.RandomBytes(100));
        var job = await Harness.DownloadAsync(Server.Url("/reason.bin"), Harness.Out("reason.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Normal } });

        var held = await WaitHeldAsync(job.Id, "08:00");

        Assert.StartsWith(BandwidthScheduleGate.HeldReason, held.QueueReason, StringComparison.Ordinal);
    }
}
