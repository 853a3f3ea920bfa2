using System.Globalization;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// The progress line of <c>transfer</c> and <c>wait --progress</c>:
/// "isos: Transferring  45.2%  45.2 MiB / 100 MiB  3.10 MiB/s  ETA 18s  files 1/3".
/// </summary>
internal static class ProgressLineFormatter
{
    public const int NameWidth = 24;

    public static string Format(TransferInfo job, double? bytesPerSecond, TimeSpan? remaining)
    {
        ArgumentNullException.ThrowIfNull(job);
        var parts = new List<string> { $"{TextTable.Truncate(job.Options.DisplayName, NameWidth)}: {job.State}" };
        if (job.PercentComplete is not null)
        {
            parts.Add(TransferText.Percent(job));
        }

        parts.Add(TransferText.Bytes(job.BytesTransferred, job.BytesTotal));
        if (job.State == TransferState.Transferring && bytesPerSecond is { } rate)
        {
            parts.Add(ByteSizeFormatter.FormatRate(rate));
            if (remaining is { } left)
            {
                parts.Add("ETA " + DurationFormatter.FormatApproximate(left));
            }
        }

        if (job.FilesTotal > 1)
        {
            parts.Add($"files {job.FilesTransferred.ToString(CultureInfo.InvariantCulture)}/{job.FilesTotal.ToString(CultureInfo.InvariantCulture)}");
        }

        if (job.State == TransferState.TransientError && job.Error is { } error)
        {
            parts.Add("will retry: " + error.Description);
        }
        else if (job.State == TransferState.Connecting && job.Error is { IsTransient: true } lost)
        {
            // A quick reconnect (or the first attempt after a retry interval): say what it recovers from.
            parts.Add("reconnecting after: " + lost.Description);
        }

        return string.Join("  ", parts);
    }

    /// <summary>Cuts a line to fit <paramref name="width"/> columns (a redrawn line must not wrap).</summary>
    public static string Fit(string line, int width) => TextTable.Truncate(line, Math.Max(10, width - 1));
}
