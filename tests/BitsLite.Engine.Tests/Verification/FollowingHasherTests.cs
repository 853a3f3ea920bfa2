using System.Security.Cryptography;
using BitsLite.Engine.Verification;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.Tests.Verification;

/// <summary>The hash of a file that segments fill in any order, following the part written without a hole (real files).</summary>
public sealed class FollowingHasherTests : IDisposable
{
    private const int Segments = 4;
    private const int SegmentSize = 3_000_001;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "following-hasher-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(Segments * SegmentSize);
    private readonly long[] _written = new long[Segments];

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task SegmentsWrittenInAnyOrder_HashToTheWholeFile()
    {
        using var file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        using var hasher = new FollowingHasher(file, Frontier);

        // The last segment first, then the others interleaved in small writes, as connections of different speeds would.
        await WriteAsync(file, hasher, Segments - 1, SegmentSize);
        var random = new Random(7);
        while (Enumerable.Range(0, Segments).Any(i => _written[i] < SegmentSize))
        {
            var segment = random.Next(Segments);
            await WriteAsync(file, hasher, segment, random.Next(1, 300_000));
        }

        Assert.Equal(SHA256.HashData(_content), await hasher.FinishAsync(_content.Length));
    }

    [Fact]
    public async Task BytesAlreadyOnDisk_AreTheFirstItHashes()
    {
        using var file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);

        // An attempt after a crash: the first segment and half the second are on disk before the hasher starts.
        await WriteAsync(file, hasher: null, 0, SegmentSize);
        await WriteAsync(file, hasher: null, 1, SegmentSize / 2);
        using var hasher = new FollowingHasher(file, Frontier);
        await WaitUntilAsync(() => hasher.Hashed == SegmentSize + (SegmentSize / 2));

        for (var i = 0; i < Segments; i++)
        {
            await WriteAsync(file, hasher, i, SegmentSize);
        }

        Assert.Equal(SHA256.HashData(_content), await hasher.FinishAsync(_content.Length));
    }

    [Fact]
    public async Task ItNeverReadsPastTheFrontier_AndStopsWhenDisposed()
    {
        using var file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var hasher = new FollowingHasher(file, Frontier);

        // Segment 0 is half done while the others are complete: only its half can be hashed.
        await WriteAsync(file, hasher, 0, SegmentSize / 2);
        for (var i = 1; i < Segments; i++)
        {
            await WriteAsync(file, hasher, i, SegmentSize);
        }

        await WaitUntilAsync(() => hasher.Hashed == SegmentSize / 2);
        Assert.Equal(SegmentSize / 2, hasher.Hashed);

        // An attempt that fails here: disposing does not wait for bytes that will not come.
        var disposing = Task.Run(hasher.Dispose);
        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(30))));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private long Frontier()
    {
        for (var i = 0; i < Segments; i++)
        {
            var written = Volatile.Read(ref _written[i]);
            if (written < SegmentSize)
            {
                return ((long)i * SegmentSize) + written;
            }
        }

        return _content.Length;
    }

    private async Task WriteAsync(SafeFileHandle file, FollowingHasher? hasher, int segment, int bytes)
    {
        var done = _written[segment];
        var count = (int)Math.Min(bytes, SegmentSize - done);
        var at = ((long)segment * SegmentSize) + done;
        await RandomAccess.WriteAsync(file, _content.AsMemory((int)at, count), at);
        Volatile.Write(ref _written[segment], done + count);
        hasher?.Moved();
    }
}
