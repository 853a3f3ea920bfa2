using BitsLite.PowerShell.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Progress;

/// <summary>The progress bar while a transfer reconnects: Connecting, with what it recovers from.</summary>
public sealed class ReconnectingProgressViewTests
{
    private static TransferInfo Connecting(TransferError? error) => new()
    {
        Id = Guid.NewGuid(),
        Options = new() { DisplayName = "iso" },
        Owner = "me",
        State = TransferState.Connecting,
        BytesTransferred = 1048576,
        BytesTotal = 10 * 1048576,
        FilesTotal = 1,
        Error = error,
    };

    [Fact]
    public void AReconnectingTransfer_ShowsTheErrorItRecoversFrom()
    {
        var lost = new TransferError { Context = TransferErrorContext.GeneralTransport, Description = "Connection reset by peer", IsTransient = true };

        var values = new TransferProgressView().Next(Connecting(lost), DateTimeOffset.UnixEpoch);

        Assert.Equal("Reconnecting after an error: Connection reset by peer (1.00 MiB of 10.0 MiB)", values.StatusDescription);
    }

    [Fact]
    public void AFirstConnection_ShowsJustConnecting() =>
        Assert.Equal("Connecting (1.00 MiB of 10.0 MiB)", new TransferProgressView().Next(Connecting(null), DateTimeOffset.UnixEpoch).StatusDescription);
}
