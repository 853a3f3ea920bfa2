using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Throttling;

/// <summary>
/// The limits one job's bytes pass through: its own <see cref="TokenBucket"/> (when it has a
/// MaxBandwidth), the bucket shared by all background jobs, and the bucket of its <see cref="TransferBackoff"/>
/// (Normal and Low jobs). Foreground jobs skip the shared one. The tightest wins.
/// </summary>
internal sealed class BandwidthThrottle
{
    private const int MaxChunk = 1024 * 1024;
    private const int MinChunk = 4 * 1024;

    private readonly TokenBucket _background;
    private readonly TimeProvider _time;

    public BandwidthThrottle(TokenBucket background, TimeProvider time)
    {
        _background = background;
        _time = time;
    }

    /// <summary>The shared bucket of background jobs.</summary>
    public TokenBucket Background => _background;

    /// <summary>Called with the job's id when a transfer starts under a <see cref="TransferBackoff"/> (for tests).</summary>
    public Action<Guid, TransferBackoff>? BackoffStarted { get; set; }

    /// <summary>
    /// The largest read worth doing under the limits that apply now: about 1/16 s of the tightest
    /// limit, so that one read is never a burst.
    /// </summary>
    public int ChunkSize(TransferPriority priority, TokenBucket? own, TokenBucket? backoff = null)
    {
        var tightest = Math.Min(own?.Rate ?? long.MaxValue, priority == TransferPriority.Foreground ? long.MaxValue : _background.Rate ?? long.MaxValue);
        tightest = Math.Min(tightest, backoff?.Rate ?? long.MaxValue);
        return tightest == long.MaxValue ? MaxChunk : (int)Math.Clamp(tightest / 16, MinChunk, MaxChunk);
    }

    /// <summary>Pays for bytes already read in every bucket that applies, then waits once, as long as the tightest requires.</summary>
    public Task PayAsync(TransferPriority priority, TokenBucket? own, int bytes, CancellationToken cancellationToken) =>
        PayAsync(priority, own, null, bytes, cancellationToken);

    /// <summary>Pays for bytes already read in every bucket that applies, <paramref name="backoff"/>'s too, then waits once, as long as the tightest requires.</summary>
    public Task PayAsync(TransferPriority priority, TokenBucket? own, TokenBucket? backoff, int bytes, CancellationToken cancellationToken)
    {
        var wait = own?.Take(bytes) ?? TimeSpan.Zero;
        if (backoff is not null)
        {
            wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, backoff.Take(bytes).Ticks));
        }

        if (priority != TransferPriority.Foreground)
        {
            wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, _background.Take(bytes).Ticks));
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
    }
}
