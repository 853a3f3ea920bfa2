using BitsLite.Engine.Jobs;
using BitsLite.Engine.Transport;
using Polly;
using Polly.Retry;

namespace BitsLite.Engine.Retry;

/// <summary>
/// The Polly pipeline around one attempt at one file of a job (any downloader or uploader that reports when its bytes
/// start to flow): it reconnects quickly when the <see cref="QuickReconnectBudget"/> grants it, and otherwise lets the
/// failure go on to the job's own retry pipeline (<see cref="RetryPipelineFactory"/>), which waits the RetryInterval.
/// One per run of a job, so that an outage's budget spans the files it touches; the run tries one file at a time.
/// </summary>
internal sealed class QuickReconnectPipeline
{
    private readonly TransferJob _job;
    private readonly TransferEngineOptions _options;
    private readonly QuickReconnectBudget _budget;
    private readonly ResiliencePipeline _pipeline;
    private bool _flowed;
    private ReconnectAttempt _granted;

    /// <summary>
    /// A pipeline for one run of <paramref name="job"/>. <paramref name="onReconnect"/> runs before each back-off (the
    /// runner records the failure and says so); <paramref name="random"/> gives the jitter numbers in [0, 1).
    /// </summary>
    public QuickReconnectPipeline(TransferJob job, TransferEngineOptions options, Action<TransferFailure, ReconnectAttempt> onReconnect, Func<double>? random = null)
    {
        _job = job;
        _options = options;
        _budget = new QuickReconnectBudget(options.QuickReconnect, options.TimeProvider, random);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is TransferFailure failure && Grant(failure)),
                // The budget is the bound; Polly's own count would span outages.
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(_granted.Delay),
                OnRetry = args =>
                {
                    onReconnect((TransferFailure)args.Outcome.Exception!, _granted);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> (given the callback to call once its bytes flow, which also calls
    /// <paramref name="onFlowing"/>) until it succeeds or fails in a way the budget does not grant.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<Action, CancellationToken, Task<T>> attempt, Action onFlowing, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async token =>
            {
                _flowed = false;
                return await attempt(
                    () =>
                    {
                        _flowed = true;
                        onFlowing();
                    },
                    token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    // Progress-free time counts against RetryTimeout here as in the job's own pipeline: a zero timeout means no retry at all.
    private bool Grant(TransferFailure failure) =>
        failure.IsTransient
        && RetryPipelineFactory.CanRetry(_job, _options.TimeProvider.GetUtcNow())
        && _budget.TryGrant(failure, _flowed, RetryPipelineFactory.Delay(_job, failure, _options.MinimumRetryInterval), out _granted);
}
