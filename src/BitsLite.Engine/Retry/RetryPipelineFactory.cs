using BitsLite.Engine.Jobs;
using BitsLite.Engine.Transport;
using Polly;
using Polly.Retry;

namespace BitsLite.Engine.Retry;

/// <summary>
/// Builds the Polly pipeline that retries one job: transient failures wait the job's retry interval
/// (or the server's Retry-After, never less than the engine's minimum) and try again, until the job
/// has gone its retry timeout without progress; then the failure stands and the job goes to Error.
/// </summary>
internal static class RetryPipelineFactory
{
    public static ResiliencePipeline Create(TransferJob job, TransferEngineOptions options, Action<TransferFailure, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is TransferFailure { IsTransient: true } && CanRetry(job, options.TimeProvider.GetUtcNow())),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    Delay(job, (TransferFailure)args.Outcome.Exception!, options.MinimumRetryInterval)),
                OnRetry = args =>
                {
                    onRetry((TransferFailure)args.Outcome.Exception!, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>Whether the job still has time to retry: a zero timeout means never; otherwise the clock runs from its last progress.</summary>
    public static bool CanRetry(TransferJob job, DateTimeOffset now)
    {
        lock (job.Gate)
        {
            return job.Options.RetryTimeout > TimeSpan.Zero && now - job.LastProgressTime < job.Options.RetryTimeout;
        }
    }

    /// <summary>The server's Retry-After when it gave one (floored at <paramref name="minimum"/>), else the job's retry interval.</summary>
    public static TimeSpan Delay(TransferJob job, TransferFailure failure, TimeSpan minimum)
    {
        lock (job.Gate)
        {
            return failure.RetryAfter is { } asked ? (asked < minimum ? minimum : asked) : job.Options.RetryInterval;
        }
    }
}
