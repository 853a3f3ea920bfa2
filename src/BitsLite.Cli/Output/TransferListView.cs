using System.Globalization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// The table of <c>bitslite list</c>: one row per job. Rows are added as jobs arrive, so that a long list keeps
/// only their text, not every job, until it is drawn.
/// </summary>
internal sealed class TransferListView
{
    public const int NameWidth = 40;

    private readonly TextTable _table = new TextTable()
        .AddColumn("ID")
        .AddColumn("NAME", maxWidth: NameWidth)
        .AddColumn("STATE")
        .AddColumn("PRIORITY")
        .AddColumn("DONE", alignRight: true)
        .AddColumn("BYTES", alignRight: true)
        .AddColumn("FILES", alignRight: true);

    /// <summary>The number of jobs added.</summary>
    public int Count => _table.RowCount;

    /// <summary>Adds a job's row.</summary>
    public void Add(TransferInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _table.AddRow(
            TransferText.ShortId(job.Id),
            job.Options.DisplayName,
            job.State.ToString(),
            job.Options.Priority.ToString(),
            TransferText.Percent(job),
            TransferText.Bytes(job.BytesTransferred, job.BytesTotal),
            string.Create(CultureInfo.InvariantCulture, $"{job.FilesTransferred}/{job.FilesTotal}"));
    }

    /// <summary>The table of the jobs added so far, header first.</summary>
    public string Render() => _table.Render();

    /// <summary>The table of <paramref name="jobs"/>.</summary>
    public static string Render(IEnumerable<TransferInfo> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var view = new TransferListView();
        foreach (var job in jobs)
        {
            view.Add(job);
        }

        return view.Render();
    }
}
