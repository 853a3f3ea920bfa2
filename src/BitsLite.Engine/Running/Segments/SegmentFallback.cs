using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Running.Segments;

/// <summary>
/// Thrown by a segment whose server would not serve its range as planned: it ignores ranges, or the file changed (If-Range
/// failed, or another length). The file then goes on over one connection, from 0 (<see cref="SegmentedDownloader"/>).
/// </summary>
internal sealed class SegmentFallback : Exception
{
    public SegmentFallback()
    {
    }

    public SegmentFallback(string message)
        : base(message)
    {
    }

    public SegmentFallback(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SegmentFallback(string message, SourceResponse? wholeFile)
        : base(message)
    {
        WholeFile = wholeFile;
    }

    /// <summary>The server's answer with the whole (maybe new) file from byte 0, to go on with; <see langword="null"/> when a new request is needed.</summary>
    public SourceResponse? WholeFile { get; }
}
