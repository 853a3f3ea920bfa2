using System.Globalization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>The table of <c>bitslite list</c>: one row per job.</summary>
internal static class TransferListView
{
    public const int NameWidth = 40;

    public static string Render(IEnumerable<TransferInfo> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var table = new TextTable()
            .AddColumn("ID")
            .AddColumn("NAME", maxWidth: NameWidth)
            .AddColumn("STATE")
            .AddColumn("PRIORITY")
            .AddColumn("DONE", alignRight: true)
            .AddColumn("BYTES", alignRight: true)
            .AddColumn("FILES", alignRight: true);
        foreach (var job in jobs)
        {
            table.AddRow(
                TransferText.ShortId(job.Id),
                job.DisplayName,
                job.State.ToString(),
                job.Priority.ToString(),
                TransferText.Percent(job),
                TransferText.Bytes(job.BytesTransferred, job.BytesTotal),
                job.FilesTransferred.ToString(CultureInfo.InvariantCulture) + "/" + job.FilesTotal.ToString(CultureInfo.InvariantCulture));
        }

        return table.Render();
    }
}
