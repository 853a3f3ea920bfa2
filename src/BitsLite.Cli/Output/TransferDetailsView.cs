using System.Globalization;
using System.Text;
using BitsLite.Client.Progress;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>The text of <c>bitslite info</c>: every property of a job, then its files.</summary>
internal static class TransferDetailsView
{
    private const int LabelWidth = 19;

    public static string Render(TransferInfo job, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(zone);
        var text = new StringBuilder();
        void Line(string label, string value) =>
            text.Append((label.Length == 0 ? "" : label + ":").PadRight(LabelWidth)).Append(value).Append(Environment.NewLine);

        Line("Id", job.Id.ToString("D", CultureInfo.InvariantCulture));
        Line("Name", job.DisplayName);
        if (job.Description.Length > 0)
        {
            Line("Description", job.Description);
        }

        Line("Owner", job.Owner);
        Line("Type", job.TransferType switch
        {
            TransferType.Upload or TransferType.UploadReply => $"{job.TransferType} (local file to the server, {(job.UploadMethod == UploadMethod.Put ? "plain HTTP PUT" : "BITS upload protocol")})",
            _ => job.TransferType.ToString(),
        });
        if (job.ReplyFile is { } reply)
        {
            Line("Reply file", job.ReplyBytesTotal >= 0
                ? $"{reply} ({ByteSizeFormatter.Format(job.ReplyBytesTotal)}{(job.State == TransferState.Acknowledged ? "" : ", written on complete")})"
                : $"{reply} (not received yet)");
        }

        Line("State", job.QueueReason is { } why ? $"{job.State}, {why}" : job.State.ToString());
        Line("Priority", job.Priority.ToString());
        Line("Progress", $"{TransferText.Percent(job)} ({TransferText.Bytes(job.BytesTransferred, job.BytesTotal)}), "
            + $"{job.FilesTransferred.ToString(CultureInfo.InvariantCulture)} of {job.FilesTotal.ToString(CultureInfo.InvariantCulture)} files");
        Line("Created", TransferText.Time(job.CreationTime, zone));
        Line("Modified", TransferText.Time(job.ModificationTime, zone));
        Line("Transferred", job.TransferCompletionTime is { } done ? TransferText.Time(done, zone) : "-");
        if (job.Error is { } error)
        {
            Line(error.IsTransient ? "Last error" : "Error", error.Description);
            Line("  Context", error.Context.ToString());
            if (error.HttpStatus is { } status)
            {
                Line("  HTTP status", status.ToString(CultureInfo.InvariantCulture));
            }

            if (error.Source is { Length: > 0 } source)
            {
                Line("  Source", source);
            }

            Line("  Time", TransferText.Time(error.Time, zone));
            if (error.IsTransient)
            {
                Line("  Retries", "by itself, after the retry interval");
            }
        }

        Line("Error count", job.ErrorCount.ToString(CultureInfo.InvariantCulture));
        Line("Retry interval", DurationFormatter.Format(job.RetryInterval));
        Line("Retry timeout", job.RetryTimeout == TimeSpan.Zero ? "0s (never retry)" : DurationFormatter.Format(job.RetryTimeout));
        Line("Max download time", job.MaxDownloadTime is { } max ? DurationFormatter.Format(max) : "none");
        Line("Max bandwidth", ByteSizeFormatter.FormatLimit(job.MaxBandwidth));
        if (job.CustomHeaders.Count == 0)
        {
            Line("Headers", "none");
        }
        else
        {
            Line("Headers", job.CustomHeaders[0]);
            foreach (var header in job.CustomHeaders.Skip(1))
            {
                Line("", header);
            }
        }

        // User names and schemes only: the host never returns a password, and none is ever shown.
        if (job.Credentials.Count == 0)
        {
            Line("Credentials", "none");
        }
        else
        {
            var label = "Credentials";
            foreach (var credential in job.Credentials)
            {
                Line(label, $"{credential.Target}, {credential.Scheme}, user {credential.UserName}");
                label = "";
            }
        }

        Line("Proxy", ProxyUsage(job.Proxy.Usage));
        if (job.Proxy.List.Count > 0)
        {
            Line("  Proxies", string.Join(", ", job.Proxy.List));
        }

        if (job.Proxy.Bypass.Count > 0)
        {
            Line("  Bypass", string.Join(", ", job.Proxy.Bypass));
        }

        if (job.Notification is { Program.Length: > 0 } notification)
        {
            Line("Notify", string.Join(' ', new[] { notification.Program }.Concat(notification.Arguments).Select(ShellQuote)));
            Line("  On", notification.On.ToString());
        }
        else
        {
            Line("Notify", "none");
        }

        Line("Transfer policy", job.TransferPolicy == TransferCostPolicy.Unmetered
            ? "Unmetered (waits while the network is metered)"
            : $"{job.TransferPolicy} (any network)");
        if (TransferText.NextStep(job) is { } next)
        {
            Line("Next", next);
        }

        text.Append(Environment.NewLine).Append("Files:").Append(Environment.NewLine);
        if (job.Files.Count == 0)
        {
            text.Append("  (none; add some with 'bitslite add')").Append(Environment.NewLine);
            return text.ToString();
        }

        var table = new TextTable()
            .AddColumn("DONE", alignRight: true)
            .AddColumn("BYTES", alignRight: true)
            .AddColumn("SOURCE")
            .AddColumn("DESTINATION");
        foreach (var file in job.Files)
        {
            var percent = file.IsTransferred ? "100.0%"
                : file.BytesTotal > 0 ? (100.0 * file.BytesTransferred / file.BytesTotal).ToString("0.0", CultureInfo.InvariantCulture) + "%"
                : "-";
            table.AddRow(percent, TransferText.Bytes(file.BytesTransferred, file.BytesTotal), file.Source, file.Destination);
        }

        foreach (var row in table.Render().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("  ").Append(row).Append(Environment.NewLine);
        }

        return text.ToString();
    }

    private static string ProxyUsage(TransferProxyUsage usage) => usage switch
    {
        TransferProxyUsage.SystemDefault => "SystemDefault (the host's http_proxy/https_proxy/no_proxy)",
        TransferProxyUsage.NoProxy => "NoProxy (direct)",
        TransferProxyUsage.AutoDetect => "AutoDetect (as SystemDefault)",
        TransferProxyUsage.Override => "Override",
        _ => usage.ToString(),
    };

    /// <summary>A word as a POSIX shell would read it back: as is when plain, else in single quotes.</summary>
    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
