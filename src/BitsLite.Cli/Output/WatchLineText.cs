using System.Globalization;
using BitsLite.Client.Watching;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// One line of <c>bitslite watch</c> without <c>--json</c>, for people:
/// "2026-03-01 10:00:02  0f8fad5b  isos: Transferring -> Suspended  45.2%  45.2 MiB / 100 MiB".
/// </summary>
internal static class WatchLineText
{
    public static string Format(TransferWatchEvent e, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(e);
        var job = e.Transfer;
        var what = e.Kind switch
        {
            TransferWatchEventKind.Created => "created, " + State(job) + "  " + Progress(job),
            TransferWatchEventKind.StateChanged => $"{e.PreviousState} -> {State(job)}  {Progress(job)}{Failure(job)}{(e.Resync ? " (read again after lost events)" : "")}",
            TransferWatchEventKind.Progress => Progress(job),
            TransferWatchEventKind.Changed => "changed  " + Progress(job),
            _ => State(job) + "  " + Progress(job) + Failure(job),
        };
        var line = $"{TransferText.Time(e.Time, zone)}  {TransferText.ShortId(job.Id)}  {job.Options.DisplayName}: {what}";
        return CliConsole.OneLine(line) + Environment.NewLine;
    }

    private static string State(TransferInfo job) =>
        job.State == TransferState.Queued && job.QueueReason is { Length: > 0 } reason ? $"Queued ({reason})" : job.State.ToString();

    private static string Progress(TransferInfo job)
    {
        var parts = new List<string>();
        if (job.PercentComplete is not null)
        {
            parts.Add(TransferText.Percent(job));
        }

        parts.Add(TransferText.Bytes(job.BytesTransferred, job.BytesTotal));
        if (job.FilesTotal > 1)
        {
            parts.Add($"files {job.FilesTransferred.ToString(CultureInfo.InvariantCulture)}/{job.FilesTotal.ToString(CultureInfo.InvariantCulture)}");
        }

        return string.Join("  ", parts);
    }

    private static string Failure(TransferInfo job) =>
        job.State is TransferState.Error or TransferState.TransientError && job.Error is { } error ? ": " + TransferText.Error(error) : "";
}
