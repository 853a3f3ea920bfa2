namespace BitsLite.Engine.Running.Segments;

/// <summary>One part of a file fetched over a connection of its own: the bytes [<see cref="Start"/>, <see cref="End"/>), of which the first <see cref="Done"/> are on disk and on record.</summary>
/// <param name="Start">The first byte.</param>
/// <param name="End">The byte after the last.</param>
/// <param name="Done">How many bytes from <see cref="Start"/> on are checkpointed.</param>
internal readonly record struct Segment(long Start, long End, long Done)
{
    /// <summary>The segment's size.</summary>
    public long Length => End - Start;

    /// <summary>Whether every byte of it is checkpointed.</summary>
    public bool IsComplete => Done >= Length;

    /// <summary>Where its next request starts.</summary>
    public long ResumeAt => Start + Done;
}
