using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using BitsLite.Protocol.Tests.Support;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Wire;

/// <summary>What a reader of frames tolerates: frames read as they arrive, a deadline per frame, a memory budget shared by readers.</summary>
public class FrameReadLimitsTests
{
    private static byte[] Frame(Message message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.Message);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static Hello BigHello(int size) => new(ProtocolVersion.Current, new string('x', size));

    [Fact]
    public async Task AFrameOfManyChunks_ArrivingInPieces_ReadsWhole()
    {
        var hello = BigHello(5 * FrameCodec.ChunkBytes + 123);
        var frame = Frame(hello);
        var stream = new GatedStream(frame[..(3 * FrameCodec.ChunkBytes + 7)], frame[(3 * FrameCodec.ChunkBytes + 7)..]);
        stream.Release();

        var read = await FrameCodec.ReadAsync(stream, new FrameReadLimits { FrameTimeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(hello, read);
    }

    [Fact]
    public async Task AFrameThatStalls_FailsAfterTheFrameTimeout_SayingHowMuchArrived()
    {
        var stream = new GatedStream([0, 0, 0x03, 0xe8, .. new byte[10]], []);

        var ex = await Assert.ThrowsAsync<ProtocolException>(() =>
            FrameCodec.ReadAsync(stream, new FrameReadLimits { FrameTimeout = TimeSpan.FromMilliseconds(100) }).AsTask());

        Assert.Equal("A frame did not arrive within 0.1 s (10 of 1,000 bytes).", ex.Message);
    }

    [Fact]
    public async Task SilenceBeforeAFrame_IsNotCounted()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new GatedStream(Frame(new Hello(2, "late")), [], gate.Task);
        var reading = FrameCodec.ReadAsync(stream, new FrameReadLimits { FrameTimeout = TimeSpan.FromMilliseconds(50) }).AsTask();

        // Several frame timeouts pass before the first byte: a client waiting for events is silent for hours.
        await Task.Delay(300);
        gate.SetResult();

        Assert.Equal(new Hello(2, "late"), await reading);
    }

    [Fact]
    public async Task TheBudget_HoldsABigFrameBack_UntilAnotherOneHasArrived()
    {
        using var budget = new FrameBudget(2 * FrameCodec.ChunkBytes);
        var first = Frame(BigHello(FrameCodec.ChunkBytes + 100));
        var second = Frame(BigHello(2 * FrameCodec.ChunkBytes + 200));
        var limits = new FrameReadLimits { Budget = budget };

        // The first frame (two chunks: its free one and one of the budget's) stalls in its second; the second frame
        // (three chunks) takes the budget's other one and waits for another.
        var slow = new GatedStream(first[..(FrameCodec.ChunkBytes + 10)], first[(FrameCodec.ChunkBytes + 10)..]);
        var readingSlow = FrameCodec.ReadAsync(slow, limits).AsTask();
        await slow.Waiting.Task;
        var fast = new GatedStream(second, []);
        fast.Release();
        var readingFast = FrameCodec.ReadAsync(fast, limits).AsTask();
        await WaitUntilAsync(() => budget.AvailableBytes == 0);

        Assert.False(readingFast.IsCompleted);
        slow.Release();
        Assert.Equal(BigHello(FrameCodec.ChunkBytes + 100), await readingSlow);
        Assert.Equal(BigHello(2 * FrameCodec.ChunkBytes + 200), await readingFast);
        Assert.Equal(budget.MaxBytes, budget.AvailableBytes);
    }

    [Fact]
    public async Task ABudgetChunk_IsReturned_WhenTheFrameIsNotAMessage()
    {
        using var budget = new FrameBudget(FrameCodec.ChunkBytes);
        var junk = Encoding.UTF8.GetBytes(new string('{', FrameCodec.ChunkBytes + 1));
        var stream = new GatedStream([0, 1, 0, 1, .. junk], []);

        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(stream, new FrameReadLimits { Budget = budget }).AsTask());

        Assert.Equal(budget.MaxBytes, budget.AvailableBytes);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
