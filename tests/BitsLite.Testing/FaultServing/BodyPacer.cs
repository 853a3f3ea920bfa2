using System.Diagnostics;

namespace BitsLite.Testing.FaultServing;

/// <summary>Writes body bytes at roughly a fixed rate, in small slices.</summary>
internal sealed class BodyPacer
{
    private readonly long _bytesPerSecond;
    private readonly int _sliceSize;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sent;

    public BodyPacer(long bytesPerSecond)
    {
        _bytesPerSecond = bytesPerSecond;
        _sliceSize = (int)Math.Clamp(bytesPerSecond / 50, 1, 16 * 1024);
    }

    /// <summary>Starts a new pacing period (used after the response was held by a gate).</summary>
    public void Restart()
    {
        _sent = 0;
        _clock.Restart();
    }

    public async Task WriteAsync(Stream body, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var slice = data[..Math.Min(_sliceSize, data.Length)];
            await body.WriteAsync(slice, cancellationToken);
            data = data[slice.Length..];
            _sent += slice.Length;

            var due = TimeSpan.FromSeconds((double)_sent / _bytesPerSecond);
            var wait = due - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }
    }
}
