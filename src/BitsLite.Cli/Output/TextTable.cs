using System.Text;

namespace BitsLite.Cli.Output;

/// <summary>
/// Aligned columns separated by two spaces, a header row first, no trailing spaces. Right-aligned columns
/// suit numbers. Renders to one string so that a large table costs one write.
/// </summary>
internal sealed class TextTable
{
    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];

    public TextTable AddColumn(string header, bool alignRight = false, int maxWidth = int.MaxValue)
    {
        _columns.Add(new Column(header, alignRight, maxWidth));
        return this;
    }

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"A row needs {_columns.Count} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells.Select((c, i) => Truncate(c ?? "", _columns[i].MaxWidth)).ToArray());
    }

    public int RowCount => _rows.Count;

    public string Render()
    {
        var widths = _columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        AppendRow(text, _columns.Select(c => c.Header).ToArray(), widths);
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(_columns[i].AlignRight ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        text.Append(line.ToString().TrimEnd()).Append(Environment.NewLine);
    }

    /// <summary>Cuts a long cell, ending it with "…" so that the cut shows.</summary>
    public static string Truncate(string text, int maxWidth) =>
        text.Length <= maxWidth ? text : maxWidth <= 1 ? text[..maxWidth] : text[..(maxWidth - 1)] + "…";

    private sealed record Column(string Header, bool AlignRight, int MaxWidth);
}
