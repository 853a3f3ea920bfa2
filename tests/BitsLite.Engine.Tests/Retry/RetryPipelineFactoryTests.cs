using BitsLite.Engine.Jobs;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Retry;

public class RetryPipelineFactoryTests
{
    private readonly ManualTimeProvider _time = new();

    private TransferJob Job(TimeSpan retryInterval, TimeSpan retryTimeout) =>
        new TransferJob { Id = Guid.NewGuid(), Owner = "me", LastProgressTime = _time.GetUtcNow() }
            .WithOptions(new TransferOptions { DisplayName = "j", RetryInterval = retryInterval, RetryTimeout = retryTimeout });

    private static TransferFailure Transient(TimeSpan? retryAfter = null) =>
        new(true, TransferErrorContext.RemoteFile, "503", 503, retryAfter);

    [Fact]
    public void Delay_IsTheRetryInterval_WithoutRetryAfter() =>
        Assert.Equal(TimeSpan.FromSeconds(600), RetryPipelineFactory.Delay(Job(TimeSpan.FromSeconds(600), TimeSpan.FromDays(1)), Transient(), TimeSpan.FromSeconds(5)));

    [Fact]
    public void Delay_HonoursRetryAfter_FlooredAtTheMinimum()
    {
        var job = Job(TimeSpan.FromSeconds(600), TimeSpan.FromDays(1));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPipelineFactory.Delay(job, Transient(TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPipelineFactory.Delay(job, Transient(TimeSpan.Zero), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void CanRetry_IsFalseForAZeroTimeout_AndAfterTheTimeoutWithoutProgress()
    {
        Assert.False(RetryPipelineFactory.CanRetry(Job(TimeSpan.FromSeconds(5), TimeSpan.Zero), _time.GetUtcNow()));
        var job = Job(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
        Assert.True(RetryPipelineFactory.CanRetry(job, _time.GetUtcNow() + TimeSpan.FromSeconds(59)));
        Assert.False(RetryPipelineFactory.CanRetry(job, _time.GetUtcNow() + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Pipeline_WaitsTheIntervalOnTheClock_ThenRetries_AndGivesUpAfterTheTimeout()
    {
        var job = Job(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(150));
        var options = new TransferEngineOptions { DatabasePath = "unused", TimeProvider = _time };
        var delays = new List<TimeSpan>();
        var pipeline = RetryPipelineFactory.Create(job, options, (_, delay) => delays.Add(delay));
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw Transient();
        }).AsTask();

        for (var i = 0; i < 3 && !run.IsCompleted; i++)
        {
            await WaitUntil(() => _time.PendingTimers > 0 || run.IsCompleted);
            _time.Advance(TimeSpan.FromSeconds(60));
        }

        await Assert.ThrowsAsync<TransferFailure>(() => run);
        // Attempts at 0 s, 60 s and 120 s; at 180 s more than 150 s passed without progress.
        Assert.Equal(4, attempts);
        Assert.Equal([TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)], delays);
    }

    [Fact]
    public async Task Pipeline_DoesNotRetryFatalFailures()
    {
        var job = Job(TimeSpan.FromSeconds(60), TimeSpan.FromDays(1));
        var pipeline = RetryPipelineFactory.Create(job, new TransferEngineOptions { DatabasePath = "unused", TimeProvider = _time }, (_, _) => Assert.Fail("no retry expected"));
        var attempts = 0;
        await Assert.ThrowsAsync<TransferFailure>(() => pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, "404");
        }).AsTask());
        Assert.Equal(1, attempts);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Yield();
        }
    }
}
