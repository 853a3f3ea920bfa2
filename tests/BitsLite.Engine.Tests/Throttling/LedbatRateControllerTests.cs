using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Throttling;

/// <summary>
/// The controller driven by a simulated path: every 5 ms (the engine's poll interval) it receives what the path
/// delivers (its own rate, or less when the path or the server is slower) and one round-trip sample.
/// </summary>
public class LedbatRateControllerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(40);
    private static readonly BackgroundBackoffOptions Defaults = new();

    private readonly ManualTimeProvider _time = new();

    /// <summary>A controller that has seen the path's base round trip once (too early to move its rate).</summary>
    private LedbatRateController Controller(BackgroundBackoffOptions? options = null, long initialRate = 1_000_000, long ceiling = LedbatRateController.DefaultCeiling)
    {
        var controller = new LedbatRateController(options ?? Defaults, _time, initialRate, ceiling);
        Assert.False(controller.AddDelaySample(Base));
        return controller;
    }

    /// <summary>Runs the path for <paramref name="duration"/>; returns the rate after every step.</summary>
    private List<long> Run(LedbatRateController controller, TimeSpan duration, Func<TimeSpan> roundTrip, long? capacity = null)
    {
        var rates = new List<long>();
        for (var t = TimeSpan.Zero; t < duration; t += Step)
        {
            _time.Advance(Step);
            var rate = Math.Min(controller.Rate, capacity ?? long.MaxValue);
            controller.AddBytes((long)(rate * Step.TotalSeconds));
            controller.AddDelaySample(roundTrip());
            rates.Add(controller.Rate);
        }

        return rates;
    }

    private List<long> Run(LedbatRateController controller, TimeSpan duration, TimeSpan roundTrip, long? capacity = null) =>
        Run(controller, duration, () => roundTrip, capacity);

    [Fact]
    public void IdlePath_RampsUpToTheCeiling_AndStaysThere()
    {
        var controller = Controller(initialRate: 64 * 1024, ceiling: 50_000_000);

        var rates = Run(controller, TimeSpan.FromSeconds(5), Base);

        Assert.Equal(50_000_000, controller.Rate);
        // Multiplicative, like a slow start: from 64 KiB/s to 50 MB/s in well under two seconds of 40 ms round trips.
        Assert.True(rates.IndexOf(50_000_000) * Step.TotalSeconds < 2, $"reached the ceiling after {rates.IndexOf(50_000_000) * Step.TotalSeconds:0.00} s");
        Assert.Equal(rates.Order(), rates);
    }

    [Fact]
    public void RisingDelay_LowersTheRate()
    {
        var controller = Controller(initialRate: 2_000_000);
        Run(controller, TimeSpan.FromSeconds(1), Base, capacity: 2_000_000);
        var before = controller.Rate;

        // The queue grows by 10 ms every 100 ms, up to 150 ms above the base.
        var queue = TimeSpan.Zero;
        var rates = Run(controller, TimeSpan.FromSeconds(1.5), () =>
        {
            queue = TimeSpan.FromMilliseconds(Math.Min(150, queue.TotalMilliseconds + 0.5));
            return Base + queue;
        }, capacity: 2_000_000);

        Assert.True(controller.Rate < before / 4, $"{before:N0} → {controller.Rate:N0} B/s");
        // Once over the target it only comes down.
        var overTarget = rates.Skip((int)(0.6 / Step.TotalSeconds)).ToList();
        Assert.Equal(overTarget.OrderDescending(), overTarget);
    }

    [Fact]
    public void DelayAboveTheTarget_CutsInProportion_AtMostByHalfPerRoundTrip()
    {
        // One update each (the first round trip), 10 ms and 200 ms above the 25 ms target.
        var slightly = Controller(initialRate: 1_000_000);
        Run(slightly, TimeSpan.FromMilliseconds(80), Base + TimeSpan.FromMilliseconds(35));
        var far = Controller(initialRate: 1_000_000);
        Run(far, TimeSpan.FromMilliseconds(270), Base + TimeSpan.FromMilliseconds(225));

        // 1 - 0.5 * (35 - 25) / 25 = 0.8; far above, the cut is capped at one half.
        Assert.InRange(slightly.Rate, 790_000, 810_000);
        Assert.InRange(far.Rate, 495_000, 505_000);
    }

    [Fact]
    public void Floor_IsRespected()
    {
        var controller = Controller(Defaults with { Floor = 50_000 }, initialRate: 5_000_000);

        var rates = Run(controller, TimeSpan.FromSeconds(10), Base + TimeSpan.FromMilliseconds(400));

        Assert.Equal(50_000, controller.Rate);
        Assert.All(rates, r => Assert.True(r >= 50_000));
    }

    [Fact]
    public void BelowTheTarget_GrowsByLedbatsLinearLaw_ScaledByGain()
    {
        // Half the target (12.5 ms) above the base: off_target = 0.5, so each round trip adds GAIN * 0.5 segments to
        // the window rate * rtt, i.e. GAIN * 0.5 * 1448 / 0.0525 B/s ≈ 13,790 B/s per round trip for GAIN 1.
        var queued = Base + TimeSpan.FromMilliseconds(12.5);
        var one = Controller(initialRate: 2_000_000);
        Run(one, TimeSpan.FromSeconds(1.05), queued);
        var half = Controller(Defaults with { Gain = 0.5 }, initialRate: 2_000_000);
        Run(half, TimeSpan.FromSeconds(1.05), queued);

        var rounds = 1.05 / 0.0525;
        var perRound = 0.5 * LedbatRateController.SegmentSize / 0.0525;
        Assert.InRange(one.Rate - 2_000_000, 0.8 * rounds * perRound, 1.2 * rounds * perRound);
        Assert.InRange(half.Rate - 2_000_000, 0.4 * rounds * perRound, 0.6 * rounds * perRound);
    }

    [Fact]
    public void TheTarget_IsASetting()
    {
        // 60 ms of queue: far above a 25 ms target, below a 100 ms one.
        var tight = Controller(initialRate: 1_000_000);
        Run(tight, TimeSpan.FromSeconds(1), Base + TimeSpan.FromMilliseconds(60));
        var loose = Controller(Defaults with { Target = TimeSpan.FromMilliseconds(100) }, initialRate: 1_000_000);
        Run(loose, TimeSpan.FromSeconds(1), Base + TimeSpan.FromMilliseconds(60));

        Assert.True(tight.Rate < 1_000_000, $"{tight.Rate:N0}");
        Assert.True(loose.Rate > 1_000_000, $"{loose.Rate:N0}");
    }

    [Fact]
    public void ARateThePathDoesNotUse_DoesNotGrow()
    {
        // The server sends 300 kB/s whatever the rate allows; the path is idle.
        var controller = Controller(initialRate: 1_000_000);

        Run(controller, TimeSpan.FromSeconds(3), Base, capacity: 300_000);

        Assert.Equal(1_000_000, controller.Rate);
    }

    [Fact]
    public void AfterAQueue_TheRampStopsWhereThePathFilled_AndTheLinearLawProbesOn()
    {
        // A 2.5 MB/s path: the queue grows while more is asked of it, up to 60 ms.
        var controller = Controller(initialRate: 100_000);
        var queue = 0.0;
        TimeSpan Path()
        {
            queue = Math.Clamp(queue + ((Math.Min(controller.Rate, 3_000_000) - 2_500_000) * Step.TotalSeconds / 2_500_000), 0, 0.060);
            return Base + TimeSpan.FromSeconds(queue);
        }

        var rates = Run(controller, TimeSpan.FromSeconds(8), Path, capacity: 2_500_000);

        // It found the path (it first ramped beyond it), and then stayed near it rather than ramping past it again.
        Assert.True(rates.Max() > 2_500_000);
        var late = rates.Skip(rates.Count / 2).ToList();
        Assert.InRange(late.Average(), 1_800_000, 2_900_000);
        Assert.True(late.Max() < 3_300_000, $"late maximum {late.Max():N0}");
    }

    [Fact]
    public void CurrentDelay_IsTheLowestOfTheLastFewSamples()
    {
        var controller = Controller();
        foreach (var ms in new[] { 60, 41, 70, 65, 62, 80 }.Select(ms => ms + 10))
        {
            _time.Advance(Step);
            controller.AddDelaySample(TimeSpan.FromMilliseconds(ms));
        }

        // The last four: 80, 75, 72, 90; the base is the 40 ms the controller started with.
        Assert.Equal(TimeSpan.FromMilliseconds(72), controller.CurrentDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(40), controller.BaseDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(32), controller.QueueingDelay);
    }

    [Fact]
    public void TheRate_MovesAtMostOncePerRoundTrip()
    {
        var controller = Controller(initialRate: 1_000_000);
        controller.AddBytes(10_000);

        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.False(controller.AddDelaySample(Base));
        _time.Advance(TimeSpan.FromMilliseconds(15));
        controller.AddBytes(40_000);
        Assert.True(controller.AddDelaySample(Base));
    }
}
