using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Throttling;

public class BaseDelayHistoryTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void BeforeAnySample_ThereIsNoBase()
    {
        Assert.Null(new BaseDelayHistory(_time).Minimum);
    }

    [Fact]
    public void TheBase_IsTheLowestSampleOfTheWindow()
    {
        var history = new BaseDelayHistory(_time);
        foreach (var ms in new[] { 80, 45, 90, 52 })
        {
            history.Add(ms * Ms);
            _time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(45 * Ms, history.Minimum);
    }

    [Fact]
    public void AMinimum_IsKeptForTheWholeWindow_ThenForgotten()
    {
        // RFC 6817's ten one-minute minima: a 30 ms route that became 50 ms is learnt after ten minutes, not before.
        var history = new BaseDelayHistory(_time);
        history.Add(30 * Ms);
        for (var second = 1; second <= 9 * 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            history.Add(50 * Ms);
        }

        Assert.Equal(30 * Ms, history.Minimum);
        for (var second = 1; second <= 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            history.Add(50 * Ms);
        }

        Assert.Equal(50 * Ms, history.Minimum);
    }

    [Fact]
    public void ALowerSample_CountsAtOnce()
    {
        var history = new BaseDelayHistory(_time);
        history.Add(50 * Ms);
        _time.Advance(TimeSpan.FromMinutes(3));
        history.Add(35 * Ms);

        Assert.Equal(35 * Ms, history.Minimum);
    }

    [Fact]
    public void AfterASilenceLongerThanTheWindow_OnlyNewSamplesCount()
    {
        var history = new BaseDelayHistory(_time, length: 4, interval: TimeSpan.FromSeconds(10));
        history.Add(20 * Ms);
        _time.Advance(TimeSpan.FromSeconds(45));
        history.Add(60 * Ms);

        Assert.Equal(60 * Ms, history.Minimum);
    }
}
