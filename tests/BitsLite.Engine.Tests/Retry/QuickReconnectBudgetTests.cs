using BitsLite.Engine.Retry;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Retry;

/// <summary>
/// Which failures get a quick reconnect, and when, on a clock the test moves. The jitter's random number is fixed at
/// 0.5, the middle of its range, so each back-off is its nominal value (0.5 s, 1 s, 2 s) unless a test says otherwise.
/// </summary>
public class QuickReconnectBudgetTests
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(600);

    private readonly ManualTimeProvider _time = new();

    private QuickReconnectBudget Budget(QuickReconnectOptions? options = null, double random = 0.5) =>
        new(options ?? new QuickReconnectOptions(), _time, () => random);

    private static TransferFailure Reset() =>
        TransferFailure.Transient(TransferErrorContext.GeneralTransport, "The connection to 127.0.0.1:8080 failed: Connection reset by peer");

    private static TransferFailure Busy(int status, TimeSpan? retryAfter = null) =>
        new(true, TransferErrorContext.RemoteFile, $"The server answered {status}.", status, retryAfter);

    private static TimeSpan? Grant(QuickReconnectBudget budget, TransferFailure failure, bool flowed = true, TimeSpan? slowDelay = null) =>
        budget.TryGrant(failure, flowed, slowDelay ?? RetryInterval, out var attempt) ? attempt.Delay : null;

    [Fact]
    public void ALostConnectionAfterBytesFlowed_ReconnectsAtOnce_ThenBacksOffDoubling_UpToTheAttempts()
    {
        var budget = Budget();

        Assert.Equal(TimeSpan.Zero, Grant(budget, Reset()));
        Assert.Equal(TimeSpan.FromSeconds(0.5), Grant(budget, Reset(), flowed: false));
        Assert.Equal(TimeSpan.FromSeconds(1), Grant(budget, Reset()));
        Assert.Equal(TimeSpan.FromSeconds(2), Grant(budget, Reset()));
        Assert.Null(Grant(budget, Reset()));
    }

    [Theory]
    [InlineData(0.0, 0.375)]
    [InlineData(0.999, 0.62475)]
    public void EachBackOff_HasJitterOfAQuarterEitherWay(double random, double seconds)
    {
        var budget = Budget(random: random);
        Grant(budget, Reset());

        Assert.Equal(seconds, Grant(budget, Reset())!.Value.TotalSeconds, precision: 3);
    }

    [Fact]
    public void AConnectionThatNeverCarriedBytes_IsLeftToTheRetryInterval()
    {
        var budget = Budget();

        Assert.Null(Grant(budget, Reset(), flowed: false));
        Assert.Null(Grant(budget, TransferFailure.Transient(TransferErrorContext.GeneralTransport, "refused"), flowed: false));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public void ABusyAnswerWithoutRetryAfter_GetsOneShortBackOff_ThenTheRetryInterval(int status)
    {
        var budget = Budget();

        Assert.Equal(TimeSpan.FromSeconds(0.5), Grant(budget, Busy(status), flowed: false));
        Assert.Null(Grant(budget, Busy(status), flowed: false));
    }

    [Fact]
    public void ABusyAnswerWithoutRetryAfter_InTheMiddleOfAnOutage_IsLeftToTheRetryInterval()
    {
        var budget = Budget();
        Grant(budget, Reset());

        Assert.Null(Grant(budget, Busy(503), flowed: false));
    }

    [Fact]
    public void ARetryAfterThatFitsTheWindow_IsWaitedOutExactly_EvenInTheMiddleOfAnOutage()
    {
        var budget = Budget();

        Assert.Equal(TimeSpan.FromSeconds(1), Grant(budget, Busy(429, TimeSpan.FromSeconds(1)), flowed: false));
        Assert.Equal(TimeSpan.FromSeconds(3), Grant(budget, Busy(503, TimeSpan.FromSeconds(3)), flowed: false));
        // Asked for less than the back-off: the back-off stands, so a server saying 0 is not hammered.
        Assert.Equal(TimeSpan.FromSeconds(1), Grant(budget, Busy(503, TimeSpan.Zero), flowed: false));
    }

    [Fact]
    public void ARetryAfterLongerThanTheWindow_IsLeftToTheRetryInterval()
    {
        var budget = Budget();

        Assert.Null(Grant(budget, Busy(503, TimeSpan.FromSeconds(11)), flowed: false));
    }

    [Fact]
    public void NoQuickReconnect_StartsLaterThanTheWindowAfterTheOutagesFirstFailure()
    {
        var budget = Budget(new QuickReconnectOptions { Attempts = 8 });
        Grant(budget, Reset());
        _time.Advance(TimeSpan.FromSeconds(8));

        // 8 s + the 0.5 s back-off fits in 10 s; 9.6 s + 1 s does not.
        Assert.Equal(TimeSpan.FromSeconds(0.5), Grant(budget, Reset()));
        _time.Advance(TimeSpan.FromSeconds(1.6));
        Assert.Null(Grant(budget, Reset()));
    }

    [Fact]
    public void ADownloadThatKeepsMakingALittleProgressThenDropping_SpendsItsAttempts_AndMeetsTheRetryInterval()
    {
        var budget = Budget();
        var granted = 0;

        // A drop every second, each after some new bytes: one outage, so the attempts run out instead of going on for ever.
        for (var i = 0; i < 6; i++)
        {
            granted += Grant(budget, Reset()) is null ? 0 : 1;
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(4, granted);
    }

    [Fact]
    public void AfterTheWindow_ALostConnectionThatHadCarriedBytesAgain_OpensANewOutage()
    {
        var budget = Budget();
        for (var i = 0; i < 4; i++)
        {
            Grant(budget, Reset());
        }

        Assert.Null(Grant(budget, Reset()));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(Grant(budget, Reset(), flowed: false));
        Assert.Equal(TimeSpan.Zero, Grant(budget, Reset()));
    }

    [Fact]
    public void AReconnectThatWouldNotComeSoonerThanTheJobsOwnRetry_IsNotGranted()
    {
        var budget = Budget();

        // A busy answer's back-off (0.5 s) against a retry that would come after 0.1 s; a drop's at-once reconnect always comes sooner.
        Assert.Null(Grant(budget, Busy(503), flowed: false, slowDelay: TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.Zero, Grant(budget, Reset(), slowDelay: TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void FatalFailures_AndLocalFileFailures_AreNeverGranted()
    {
        var budget = Budget();

        Assert.Null(Grant(budget, TransferFailure.Fatal(TransferErrorContext.RemoteFile, "404")));
        Assert.Null(Grant(budget, TransferFailure.Transient(TransferErrorContext.LocalFile, "No space left on device")));
    }

    [Fact]
    public void ZeroAttempts_TurnsQuickReconnectsOff()
    {
        var budget = Budget(QuickReconnectOptions.Off);

        Assert.Null(Grant(budget, Reset()));
        Assert.Null(Grant(budget, Busy(503), flowed: false));
    }

    [Fact]
    public void Options_RefuseAttemptsOrDelaysOutOfRange()
    {
        new QuickReconnectOptions().Validate();
        QuickReconnectOptions.Off.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuickReconnectOptions { Attempts = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuickReconnectOptions { Attempts = 33 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuickReconnectOptions { FirstDelay = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuickReconnectOptions { FirstDelay = TimeSpan.FromSeconds(11) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuickReconnectOptions { Window = TimeSpan.FromHours(1) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransferEngineOptions { DatabasePath = "x", QuickReconnect = new() { Attempts = -1 } }.Validate());
    }
}
