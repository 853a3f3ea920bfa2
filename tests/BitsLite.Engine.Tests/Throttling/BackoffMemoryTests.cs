using BitsLite.Engine.Throttling;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Throttling;

/// <summary>What <see cref="BackoffMemory"/> keeps, and for how long.</summary>
public class BackoffMemoryTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void ARecentRate_StartsTheNextResponse_AndAnOldOneDoesNot()
    {
        var memory = new BackoffMemory(_time);
        Assert.Null(memory.Recall("a:80").InitialRate);

        memory.Remember("a:80", 3_000_000);
        _time.Advance(BackoffMemory.Freshness);
        Assert.Equal(3_000_000, memory.Recall("a:80").InitialRate);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(memory.Recall("a:80").InitialRate);
    }

    [Fact]
    public void EachOrigin_HasItsOwnRateAndHistory_KeptAcrossResponses()
    {
        var memory = new BackoffMemory(_time);
        memory.Remember("a:80", 3_000_000);

        Assert.Null(memory.Recall("b:80").InitialRate);
        Assert.Same(memory.Recall("a:80").History, memory.Recall("A:80").History);
        Assert.NotSame(memory.Recall("a:80").History, memory.Recall("b:80").History);
    }
}
