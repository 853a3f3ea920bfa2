using System.Globalization;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>Small pieces of text about a job that several views share: short id, progress, times, next step.</summary>
internal static class TransferText
{
    /// <summary>The first 8 characters of the id; commands accept any unique prefix of 4 or more.</summary>
    public static string ShortId(Guid id) => string.Create(8, id, static (text, id) =>
    {
        Span<char> whole = stackalloc char[36];
        id.TryFormat(whole, out _, "D");
        whole[..8].CopyTo(text);
    });

    /// <summary>"45.2%", or "-" while the total size is unknown.</summary>
    public static string Percent(TransferInfo job) =>
        job.PercentComplete is { } percent ? percent.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>"12.3 MiB / 100 MiB", or "12.3 MiB / ?" while the total is unknown.</summary>
    public static string Bytes(long transferred, long total) =>
        ByteSizeFormatter.Format(transferred) + " / " + ByteSizeFormatter.Format(total);

    /// <summary>A time in the given zone, to the second: "2026-03-01 14:05:09".</summary>
    public static string Time(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"'isos' (0f8fad5b): Transferring, 45.2% (12.3 MiB / 100 MiB), 1 of 3 files".</summary>
    public static string Summary(TransferInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"'{job.Options.DisplayName}' ({ShortId(job.Id)}): {job.State}, {Percent(job)} ({Bytes(job.BytesTransferred, job.BytesTotal)}), "
            + $"{job.FilesTransferred.ToString(CultureInfo.InvariantCulture)} of {job.FilesTotal.ToString(CultureInfo.InvariantCulture)} files";
    }

    /// <summary>What the user can do next with a job in its state, or <see langword="null"/> when nothing is left to do.</summary>
    public static string? NextStep(TransferInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var id = job.Id.ToString("D", CultureInfo.InvariantCulture);
        return job.State switch
        {
            TransferState.Transferred when job.TransferType == TransferType.Upload => $"run 'bitslite complete {id}' to finish the job (the file is on the server)",
            TransferState.Transferred when job.TransferType == TransferType.UploadReply => $"run 'bitslite complete {id}' to write the reply to its file",
            TransferState.Transferred => $"run 'bitslite complete {id}' to move the files to their destinations",
            TransferState.Error => $"fix the cause, then 'bitslite resume {id}'; or 'bitslite cancel {id}'",
            TransferState.Suspended => $"'bitslite resume {id}' to continue",
            TransferState.Queued or TransferState.Connecting or TransferState.Transferring or TransferState.TransientError =>
                $"'bitslite wait {id} --progress' to follow it; 'bitslite complete {id}' once it is Transferred",
            _ => null,
        };
    }

    /// <summary>The error in one line: "The server answered 404 … (HTTP 404, RemoteFile)." — the source only when the description does not name it.</summary>
    public static string Error(TransferError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parts = new List<string>();
        if (error.HttpStatus is { } status)
        {
            parts.Add("HTTP " + status.ToString(CultureInfo.InvariantCulture));
        }

        if (error.Source is { Length: > 0 } source && !error.Description.Contains(source, StringComparison.Ordinal))
        {
            parts.Add("source " + source);
        }

        parts.Add(error.Context.ToString());
        return $"{error.Description.TrimEnd().TrimEnd('.')} ({string.Join(", ", parts)}).";
    }
}
