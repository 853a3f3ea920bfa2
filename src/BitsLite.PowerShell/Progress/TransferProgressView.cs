using System.Globalization;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Progress;

/// <summary>
/// Turns a stream of job snapshots into progress-bar values: bytes, rate and time left while transferring, and the
/// reason while the job waits (queued, retrying after an error, held back by policy).
/// </summary>
internal sealed class TransferProgressView
{
    private readonly TransferRateMeter _rate = new();

    public ProgressValues Next(TransferInfo transfer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        _rate.Add(now, transfer.BytesTransferred);
        var rate = _rate.BytesPerSecond(now);
        var activity = $"Transferring '{transfer.Options.DisplayName}'";
        var percent = transfer.PercentComplete is { } p ? (int)Math.Clamp(Math.Floor(p), 0, 100) : -1;
        var remaining = TransferRateMeter.Remaining(transfer.BytesTransferred, transfer.BytesTotal, rate) is { } left
            ? (int)Math.Min(left.TotalSeconds, int.MaxValue)
            : -1;
        var bytes = transfer.BytesTotal >= 0
            ? $"{ByteSizeFormatter.Format(transfer.BytesTransferred)} of {ByteSizeFormatter.Format(transfer.BytesTotal)}"
            : $"{ByteSizeFormatter.Format(transfer.BytesTransferred)}";
        var status = transfer.State switch
        {
            TransferState.Queued => transfer.QueueReason is { } reason ? $"Queued: {reason}" : "Queued, waiting for a transfer slot",
            TransferState.Connecting => transfer.Error is { IsTransient: true } lost ? $"Reconnecting after an error: {lost.Description} ({bytes})" : $"Connecting ({bytes})",
            TransferState.Transferring => rate is { } r ? $"{bytes} at {ByteSizeFormatter.FormatRate(r)}" : bytes,
            TransferState.TransientError => $"Retrying after an error: {transfer.Error?.Description ?? "unknown"} ({bytes})",
            _ => $"{transfer.State} ({bytes})",
        };
        var files = transfer.FilesTotal > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{transfer.FilesTransferred} of {transfer.FilesTotal} files")
            : null;
        return new ProgressValues(activity, status, files, percent, transfer.State == TransferState.Transferring ? remaining : -1);
    }
}
