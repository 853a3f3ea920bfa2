using BitsLite.PowerShell.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Progress;

public sealed class TransferProgressViewTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    private static TransferInfo Snapshot(TransferState state, long done, long total, int files = 1, int filesDone = 0, string? reason = null, TransferError? error = null) => new()
    {
        Id = Guid.NewGuid(),
        Options = new() { DisplayName = "iso" },
        Owner = "me",
        State = state,
        BytesTransferred = done,
        BytesTotal = total,
        FilesTotal = files,
        FilesTransferred = filesDone,
        QueueReason = reason,
        Error = error,
    };

    [Fact]
    public void Transferring_ShowsBytesRatePercentAndTimeLeft()
    {
        var view = new TransferProgressView();
        view.Next(Snapshot(TransferState.Transferring, 0, 10 * 1048576), Start);
        var values = view.Next(Snapshot(TransferState.Transferring, 2 * 1048576, 10 * 1048576), Start.AddSeconds(2));

        Assert.Equal("Transferring 'iso'", values.Activity);
        Assert.Equal("2.00 MiB of 10.0 MiB at 1.00 MiB/s", values.StatusDescription);
        Assert.Equal(20, values.PercentComplete);
        Assert.Equal(8, values.SecondsRemaining);
        Assert.Null(values.CurrentOperation);
    }

    [Fact]
    public void UnknownSize_HasNoPercentAndNoTimeLeft()
    {
        var values = new TransferProgressView().Next(Snapshot(TransferState.Transferring, 500, -1), Start);

        Assert.Equal(-1, values.PercentComplete);
        Assert.Equal(-1, values.SecondsRemaining);
        Assert.Equal("500 B", values.StatusDescription);
    }

    [Fact]
    public void Queued_SaysWhy()
    {
        Assert.Equal("Queued, waiting for a transfer slot", new TransferProgressView().Next(Snapshot(TransferState.Queued, 0, 10), Start).StatusDescription);
        Assert.Equal("Queued: waiting for an unmetered network", new TransferProgressView().Next(Snapshot(TransferState.Queued, 0, 10, reason: "waiting for an unmetered network"), Start).StatusDescription);
    }

    [Fact]
    public void TransientError_ShowsTheErrorWhileTheHostRetries()
    {
        var error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "503 from the server", IsTransient = true };
        var values = new TransferProgressView().Next(Snapshot(TransferState.TransientError, 4, 10, error: error), Start);

        Assert.StartsWith("Retrying after an error: 503 from the server", values.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(-1, values.SecondsRemaining);
    }

    [Fact]
    public void SeveralFiles_AreCountedAsTheCurrentOperation() =>
        Assert.Equal("1 of 3 files", new TransferProgressView().Next(Snapshot(TransferState.Transferring, 5, 10, files: 3, filesDone: 1), Start).CurrentOperation);
}
