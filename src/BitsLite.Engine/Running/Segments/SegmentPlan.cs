using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Running.Segments;

/// <summary>How many connections a file gets, and where its segments fall.</summary>
internal static class SegmentPlan
{
    /// <summary>
    /// The connections for a file of a job of <paramref name="priority"/>: the job's <paramref name="connections"/>, at most
    /// <paramref name="policyCap"/>, for Foreground and High jobs; one for Normal and Low jobs, which stay good citizens.
    /// </summary>
    public static int Connections(TransferPriority priority, int connections, int policyCap) =>
        priority is TransferPriority.Foreground or TransferPriority.High ? Math.Max(1, Math.Min(connections, policyCap)) : 1;

    /// <summary>
    /// <paramref name="length"/> bytes cut into equal segments, one per connection but none smaller than
    /// <paramref name="minSize"/>; <see langword="null"/> when that leaves fewer than two (one stream does).
    /// </summary>
    public static FileSegments? Split(long length, int connections, long minSize)
    {
        var count = (int)Math.Min(connections, length / Math.Max(1, minSize));
        if (count < 2)
        {
            return null;
        }

        var parts = new Segment[count];
        var size = length / count;
        for (var i = 0; i < count; i++)
        {
            var start = i * size;
            parts[i] = new Segment(start, i == count - 1 ? length : start + size, 0);
        }

        return new FileSegments(parts);
    }

    /// <summary>
    /// The recorded segments when a resumed response still fits them: the same length, and it starts where they are
    /// contiguous up to (that is what the one-stream resume asked for). <see langword="null"/> otherwise.
    /// </summary>
    public static FileSegments? Resume(FileSegments? recorded, long responseOffset, long? responseLength, long fileLength)
    {
        if (recorded is null || responseLength != recorded.Total)
        {
            return null;
        }

        var clamped = recorded.ClampedTo(fileLength);
        return clamped.ContiguousPrefix == responseOffset && responseOffset < clamped.Total ? clamped : null;
    }
}
