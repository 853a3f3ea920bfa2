using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Throttling;

public class TokenBucketTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Take_WithoutLimit_NeverWaits()
    {
        var bucket = new TokenBucket(null, _time);
        Assert.Equal(TimeSpan.Zero, bucket.Take(int.MaxValue));
    }

    [Fact]
    public void Take_ChargesAfterTheFact_SoTheAverageIsExact()
    {
        var bucket = new TokenBucket(1000, _time);
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(500));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(500));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        // 1,000 bytes took exactly one second at 1,000 B/s.
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Take(2000));
    }

    [Fact]
    public void IdleTime_SavesAtMostTheBurstWindow()
    {
        var bucket = new TokenBucket(1000, _time);
        _time.Advance(TimeSpan.FromMinutes(10));
        // 250 bytes of savings, not 600,000: a long pause cannot turn into a long burst.
        Assert.Equal(TimeSpan.Zero, bucket.Take(250));
        Assert.Equal(TimeSpan.FromSeconds(0.1), bucket.Take(100));
    }

    [Fact]
    public void ChangingTheRate_AppliesToTheNextPayment()
    {
        var bucket = new TokenBucket(1000, _time);
        bucket.Take(1000);
        bucket.Rate = 4000;
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.Take(1000));
        bucket.Rate = null;
        Assert.Equal(TimeSpan.Zero, bucket.Take(1_000_000));
    }

    [Fact]
    public void Rate_RefusesZeroAndNegative()
    {
        var bucket = new TokenBucket(null, _time);
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.Rate = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.Rate = -5);
    }

    [Fact]
    public async Task Throttle_ForegroundSkipsTheBackgroundLimit_ButNotItsOwn()
    {
        var background = new TokenBucket(1000, _time);
        var throttle = new BandwidthThrottle(background, _time);

        Assert.True(throttle.PayAsync(TransferPriority.Foreground, null, 1_000_000, CancellationToken.None).IsCompleted);
        var own = new TokenBucket(1000, _time);
        var waiting = throttle.PayAsync(TransferPriority.Foreground, own, 2000, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        await waiting;
    }

    [Fact]
    public void Throttle_WaitsForTheTightestLimitOnce_NotForTheSum()
    {
        var background = new TokenBucket(1000, _time);
        var own = new TokenBucket(500, _time);
        var throttle = new BandwidthThrottle(background, _time);

        var waiting = throttle.PayAsync(TransferPriority.Low, own, 1000, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.999));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.001));
        Assert.True(waiting.IsCompleted);
    }

    [Fact]
    public void ChunkSize_IsAboutASixteenthOfASecondOfTheTightestLimit()
    {
        var throttle = new BandwidthThrottle(new TokenBucket(1_600_000, _time), _time);
        Assert.Equal(100_000, throttle.ChunkSize(TransferPriority.Normal, null));
        Assert.Equal(1024 * 1024, throttle.ChunkSize(TransferPriority.Foreground, null));
        Assert.Equal(4096, throttle.ChunkSize(TransferPriority.Foreground, new TokenBucket(100, _time)));
    }
}
