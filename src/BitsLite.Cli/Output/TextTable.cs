using System.Text;

namespace BitsLite.Cli.Output;

/// <summary>
/// Aligned columns separated by two spaces, a header row first, no trailing spaces. Right-aligned columns
/// suit numbers. Renders to one string so that a large table costs one write.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column; its width grows to its widest cell, up to <paramref name="maxWidth"/>.</summary>
    public TextTable AddColumn(string header, bool alignRight = false, int maxWidth = int.MaxValue)
    {
        _columns.Add(new Column(header, alignRight, maxWidth) { Width = header.Length });
        return this;
    }

    /// <summary>Adds a row with one cell per column (null reads as empty); the table keeps the array.</summary>
    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"A row needs {_columns.Count} cells, not {cells.Length}.", nameof(cells));
        }

        for (var i = 0; i < cells.Length; i++)
        {
            var column = _columns[i];
            cells[i] = Truncate(cells[i] ?? "", column.MaxWidth);
            column.Width = Math.Max(column.Width, cells[i].Length);
        }

        _rows.Add(cells);
    }

    /// <summary>The number of rows added, not counting the header.</summary>
    public int RowCount => _rows.Count;

    /// <summary>The whole table, one line per row, each ending in a newline.</summary>
    public string Render()
    {
        // One buffer for a line and one presized builder for the table: a list of 100,000 jobs renders in one pass.
        var lineWidth = 0;
        foreach (var column in _columns)
        {
            lineWidth += column.Width + Gap.Length;
        }

        var line = new char[lineWidth];
        var text = new StringBuilder((lineWidth + Environment.NewLine.Length) * (_rows.Count + 1));
        AppendRow(text, line, _columns.ConvertAll(c => c.Header).ToArray());
        foreach (var row in _rows)
        {
            AppendRow(text, line, row);
        }

        return text.ToString();
    }

    private void AppendRow(StringBuilder text, char[] line, string[] cells)
    {
        var length = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                Gap.CopyTo(line.AsSpan(length));
                length += Gap.Length;
            }

            var cell = cells[i];
            var padding = _columns[i].Width - cell.Length;
            if (_columns[i].AlignRight)
            {
                line.AsSpan(length, padding).Fill(' ');
                cell.CopyTo(line.AsSpan(length + padding));
            }
            else
            {
                cell.CopyTo(line.AsSpan(length));
                line.AsSpan(length + cell.Length, padding).Fill(' ');
            }

            length += cell.Length + padding;
        }

        text.Append(line.AsSpan(0, length).TrimEnd()).Append(Environment.NewLine);
    }

    /// <summary>Cuts a long cell, ending it with "…" so that the cut shows.</summary>
    public static string Truncate(string text, int maxWidth) =>
        text.Length <= maxWidth ? text : maxWidth <= 1 ? text[..maxWidth] : text[..(maxWidth - 1)] + "…";

    private sealed record Column(string Header, bool AlignRight, int MaxWidth)
    {
        public int Width { get; set; }
    }
}
