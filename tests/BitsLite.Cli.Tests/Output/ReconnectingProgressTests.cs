using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Output;

/// <summary>The progress line while a job reconnects: it stays Connecting, and says what it recovers from.</summary>
public class ReconnectingProgressTests
{
    private static TransferInfo Connecting(TransferError? error) =>
        SampleJobs.Job("isos", TransferState.Connecting, total: 100 * 1024 * 1024, done: 10 * 1024 * 1024) with { Error = error };

    [Fact]
    public void AJobReconnectingAfterALostConnection_SaysWhatItRecoversFrom()
    {
        var lost = new TransferError { Context = TransferErrorContext.GeneralTransport, Description = "The connection to example.com failed: Connection reset by peer", IsTransient = true };

        var line = ProgressLineFormatter.Format(Connecting(lost), null, null);

        Assert.StartsWith("isos: Connecting", line, StringComparison.Ordinal);
        Assert.EndsWith("reconnecting after: The connection to example.com failed: Connection reset by peer", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobConnectingForTheFirstTime_SaysNothingMore() =>
        Assert.DoesNotContain("reconnecting", ProgressLineFormatter.Format(Connecting(null), null, null), StringComparison.Ordinal);
}
