namespace BitsLite.Protocol.Tests.Support;

/// <summary>
/// A read-only stream that gives its bytes in two parts: the first at once (after <see cref="Start"/>, when one is
/// given), the rest only once <see cref="Release"/> is called; meanwhile a read waits, as a socket does for a peer that stalls.
/// </summary>
internal sealed class GatedStream(byte[] first, byte[] rest, Task? start = null) : Stream
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public Task Start { get; } = start ?? Task.CompletedTask;

    /// <summary>Completes when a read waits at the gate.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Start.WaitAsync(cancellationToken);
        if (_position >= first.Length)
        {
            Waiting.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        var source = _position < first.Length ? first.AsMemory(_position) : rest.AsMemory(_position - first.Length);
        var count = Math.Min(buffer.Length, source.Length);
        source[..count].CopyTo(buffer);
        _position += count;
        return count;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
