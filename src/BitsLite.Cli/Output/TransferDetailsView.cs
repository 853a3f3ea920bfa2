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
        var options = job.Options;
        var text = new StringBuilder();
        void Line(string label, string value) =>
            text.Append((label.Length == 0 ? "" : label + ":").PadRight(LabelWidth)).Append(value).Append(Environment.NewLine);

        Line("Id", job.Id.ToString("D", CultureInfo.InvariantCulture));
        Line("Name", job.Options.DisplayName);
        if (job.Options.Description.Length > 0)
        {
            Line("Description", job.Options.Description);
        }

        Line("Owner", job.Owner);
        Line("Type", job.TransferType switch
        {
            TransferType.Upload or TransferType.UploadReply => $"{job.TransferType} (local file to the server, {(options.UploadMethod == UploadMethod.Put ? "plain HTTP PUT" : "BITS upload protocol")})",
            _ => job.TransferType.ToString(),
        });
        if (job.ReplyFile is { } reply)
        {
            Line("Reply file", job.ReplyBytesTotal >= 0
                ? $"{reply} ({ByteSizeFormatter.Format(job.ReplyBytesTotal)}{(job.State == TransferState.Acknowledged ? "" : ", written on complete")})"
                : $"{reply} (not received yet)");
        }

        Line("State", job.QueueReason is { } why ? $"{job.State}, {why}" : job.State.ToString());
        Line("Priority", job.Options.Priority.ToString());
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
        Line("Retry interval", DurationFormatter.Format(options.RetryInterval));
        Line("Retry timeout", options.RetryTimeout == TimeSpan.Zero ? "0s (never retry)" : DurationFormatter.Format(options.RetryTimeout));
        Line("Max download time", options.MaxDownloadTime > TimeSpan.Zero ? DurationFormatter.Format(options.MaxDownloadTime) : "none");
        Line("Max bandwidth", ByteSizeFormatter.FormatLimit(options.MaxBandwidth));
        Line("Connections", options.Connections.ToString(CultureInfo.InvariantCulture) + (options.Priority is TransferPriority.Normal or TransferPriority.Low ? " (one while the priority is normal or low)" : " per file of 8 MiB or more"));

        // Values never: the host returns each as "***", and nothing at all of write-only headers.
        if (options.CustomHeadersWriteOnly)
        {
            Line("Headers", "write-only (not shown)");
        }
        else if (options.CustomHeaders.Count == 0)
        {
            Line("Headers", "none");
        }
        else
        {
            Line("Headers", options.CustomHeaders[0]);
            foreach (var header in options.CustomHeaders.Skip(1))
            {
                Line("", header);
            }
        }

        if (options.CustomHeadersToOtherOrigins)
        {
            Line("", "(also sent to other servers a redirect leads to)");
        }

        // User names and schemes only: the host never returns a password, and none is ever shown.
        if (options.Credentials.Count == 0)
        {
            Line("Credentials", "none");
        }
        else
        {
            var label = "Credentials";
            foreach (var credential in options.Credentials)
            {
                Line(label, $"{credential.Target}, {credential.Scheme}, user {credential.UserName}");
                label = "";
            }
        }

        Line("Proxy", ProxyUsage(options.Proxy.Usage));
        if (options.Proxy.List.Count > 0)
        {
            Line("  Proxies", string.Join(", ", options.Proxy.List));
        }

        if (options.Proxy.Bypass.Count > 0)
        {
            Line("  Bypass", string.Join(", ", options.Proxy.Bypass));
        }

        if (options.Notification is { Program.Length: > 0 } notification)
        {
            Line("Notify", string.Join(' ', new[] { notification.Program }.Concat(notification.Arguments).Select(ShellQuote)));
            Line("  On", notification.On.ToString());
        }
        else
        {
            Line("Notify", "none");
        }

        Line("Transfer policy", options.TransferPolicy == TransferCostPolicy.Unmetered
            ? "Unmetered (waits while the network is metered)"
            : $"{options.TransferPolicy} (any network)");
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

        AppendHashes(text, job.Files);
        return text.ToString();
    }

    /// <summary>
    /// "SHA-256:" and a line per file that has one: the hash it was verified to have, else the one it is expected to have.
    /// </summary>
    private static void AppendHashes(StringBuilder text, IReadOnlyList<TransferFileInfo> files)
    {
        if (!files.Any(f => f.VerifiedHash is not null || f.ExpectedHash is not null))
        {
            return;
        }

        text.Append("SHA-256:").Append(Environment.NewLine);
        var table = new TextTable().AddColumn("FILE").AddColumn("CHECK").AddColumn("SHA-256");
        foreach (var file in files)
        {
            if (file.VerifiedHash is { } verified)
            {
                table.AddRow(Path.GetFileName(file.Destination), "verified", verified);
            }
            else if (file.ExpectedHash is { } expected)
            {
                table.AddRow(Path.GetFileName(file.Destination), "expected", expected);
            }
        }

        foreach (var row in table.Render().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("  ").Append(row).Append(Environment.NewLine);
        }
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
