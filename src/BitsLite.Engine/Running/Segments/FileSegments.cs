using System.Globalization;
using System.Text;

namespace BitsLite.Engine.Running.Segments;

/// <summary>
/// A file's segments as they stand on record (the <c>files.segments</c> column: "start-end:done,…"), each checkpointed on
/// its own. They cover the file from 0 to its length without gap or overlap. Immutable.
/// </summary>
internal sealed class FileSegments
{
    public FileSegments(IReadOnlyList<Segment> parts)
    {
        Parts = parts;
    }

    /// <summary>The segments, in file order.</summary>
    public IReadOnlyList<Segment> Parts { get; }

    /// <summary>The file's length.</summary>
    public long Total => Parts[^1].End;

    /// <summary>Bytes checkpointed in all segments together.</summary>
    public long Done => Parts.Sum(p => p.Done);

    /// <summary>
    /// How far the file is on disk without a hole: the segments complete from the start, and the first incomplete one's
    /// checkpointed bytes. A download over one connection resumes from here (<see cref="Running.FileDownloader"/> trusts this much).
    /// </summary>
    public long ContiguousPrefix
    {
        get
        {
            foreach (var part in Parts)
            {
                if (!part.IsComplete)
                {
                    return part.ResumeAt;
                }
            }

            return Total;
        }
    }

    /// <summary>The same segments with these checkpointed positions (absolute offsets, one per segment).</summary>
    public FileSegments WithPositions(IReadOnlyList<long> positions) =>
        new([.. Parts.Select((p, i) => p with { Done = Math.Clamp(positions[i] - p.Start, 0, p.Length) })]);

    /// <summary>The same segments, none claiming bytes past <paramref name="fileLength"/> (what a cut temporary file still holds).</summary>
    public FileSegments ClampedTo(long fileLength) =>
        new([.. Parts.Select(p => p with { Done = Math.Clamp(Math.Min(p.Done, fileLength - p.Start), 0, p.Length) })]);

    /// <summary>The form kept in the store.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{part.Start}-{part.End}:{part.Done}");
        }

        return text.ToString();
    }

    /// <summary>Reads the stored form; <see langword="null"/> for none, or for text that does not describe contiguous segments from 0 (then it is not trusted at all).</summary>
    public static FileSegments? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = new List<Segment>();
        long expected = 0;
        foreach (var item in text.Split(','))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (dash <= 0 || colon <= dash
                || !long.TryParse(item.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(item.AsSpan(dash + 1, colon - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                || !long.TryParse(item.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var done)
                || start != expected || end <= start || done > end - start)
            {
                return null;
            }

            parts.Add(new Segment(start, end, done));
            expected = end;
        }

        return new FileSegments(parts);
    }
}
