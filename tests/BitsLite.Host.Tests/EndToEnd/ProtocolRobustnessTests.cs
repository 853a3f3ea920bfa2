using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>Raw sockets against the real host: garbage, other versions, and requests no client of ours would send.</summary>
public sealed class ProtocolRobustnessTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();

    public async Task InitializeAsync() => await (await _env.ConnectAsync()).DisposeAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task AClientOfAnotherProtocolVersion_GetsAClearError()
    {
        await using var stream = await OpenAsync();
        await FrameCodec.WriteAsync(stream, new Hello(ProtocolVersion.Current + 1, "future-client/9"));

        var error = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));

        Assert.Equal(TransferErrorCode.ProtocolMismatch, error.Code);
        Assert.Contains($"protocol {ProtocolVersion.Current + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("bitslite host stop", error.Message, StringComparison.Ordinal);
        Assert.Null(await FrameCodec.ReadAsync(stream));
    }

    [Fact]
    public async Task ARequestBeforeTheHello_IsRefused()
    {
        await using var stream = await OpenAsync();
        await FrameCodec.WriteAsync(stream, new GetHostStatus(1));

        var error = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));

        Assert.Equal(TransferErrorCode.BadRequest, error.Code);
        Assert.Equal(0, error.ReplyTo);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x7f, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x00, 0x50, 0x00, 0x00 })] // 5 MiB: fine for a reply, too big for a request
    public async Task BadFrameLengths_GetAnErrorAndAClosedConnection(byte[] header)
    {
        await using var stream = await OpenWelcomedAsync();
        await stream.WriteAsync(header);

        var error = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));

        Assert.Equal(TransferErrorCode.BadRequest, error.Code);
        Assert.Null(await FrameCodec.ReadAsync(stream));
    }

    [Theory]
    [InlineData("{\"type\":\"create\",\"id\":1,\"transfer\":null}", TransferErrorCode.BadRequest)]
    [InlineData("{\"type\":\"create\",\"id\":1,\"transfer\":{\"files\":[null]}}", TransferErrorCode.InvalidArgument)]
    [InlineData("{\"type\":\"create\",\"id\":1,\"transfer\":{\"files\":[{\"source\":\"ftp://x/y\",\"destination\":\"/tmp/y\"}]}}", TransferErrorCode.InvalidSource)]
    [InlineData("{\"type\":\"change-state\",\"id\":1,\"transferId\":\"00000000-0000-0000-0000-000000000000\",\"change\":\"Complete\"}", TransferErrorCode.NotFound)]
    [InlineData("{\"type\":\"set-policy\",\"id\":1}", TransferErrorCode.BadRequest)]
    [InlineData("{\"type\":\"unsubscribe\",\"id\":1,\"subscriptionId\":77}", TransferErrorCode.NotFound)]
    public async Task WellFormedButWrongRequests_AreAnsweredWithCodes_AndTheConnectionStaysUsable(string json, TransferErrorCode expected)
    {
        await using var stream = await OpenWelcomedAsync();
        await WriteRawAsync(stream, Encoding.UTF8.GetBytes(json));

        var error = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));
        await FrameCodec.WriteAsync(stream, new GetHostStatus(2));

        Assert.Equal(expected, error.Code);
        Assert.Equal(1, error.ReplyTo);
        Assert.IsType<HostStatusReply>(await FrameCodec.ReadAsync(stream));
    }

    [Fact]
    public async Task AConnection_MayHoldOnlySoManySubscriptions()
    {
        await using var stream = await OpenWelcomedAsync();
        for (var i = 1; i <= 64; i++)
        {
            await FrameCodec.WriteAsync(stream, new Subscribe(i, null));
            Assert.IsType<SubscribedReply>(await FrameCodec.ReadAsync(stream));
        }

        await FrameCodec.WriteAsync(stream, new Subscribe(65, null));
        var refused = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));
        await FrameCodec.WriteAsync(stream, new Unsubscribe(66, 1));
        Assert.IsType<DoneReply>(await FrameCodec.ReadAsync(stream));
        await FrameCodec.WriteAsync(stream, new Subscribe(67, null));

        Assert.Equal(TransferErrorCode.LimitReached, refused.Code);
        Assert.IsType<SubscribedReply>(await FrameCodec.ReadAsync(stream));
    }

    [Fact]
    public async Task ThousandsOfRandomAndMalformedFrames_NeverStopTheHost()
    {
        await using var client = await _env.ConnectAsync();
        var pid = (await client.GetHostStatusAsync()).ProcessId;
        var random = new Random(20261121);
        var templates = new[]
        {
            "{\"type\":\"create\",\"id\":1,\"transfer\":{\"displayName\":\"", "{\"type\":\"list\",\"id\":", "{\"type\":\"get\",\"id\":3,\"transferId\":\"",
            "{\"type\":\"set\",\"id\":4,\"transferId\":\"00000000-0000-0000-0000-000000000000\",\"settings\":{\"priority\":", "{\"type\":\"hello\",\"protocol\":",
            "{\"type\":\"subscribe\",\"id\":5}", "{\"type\":\"welcome\",\"protocol\":1,\"server\":\"x\"}", "{\"type\":\"event\"", "[1,2,3]", "null", "\"str\"",
        };

        for (var i = 0; i < 3000; i++)
        {
            await using var stream = await OpenAsync();
            try
            {
                if (random.Next(3) > 0)
                {
                    await FrameCodec.WriteAsync(stream, new Hello(ProtocolVersion.Current, "fuzz"));
                }

                for (var frame = random.Next(1, 4); frame > 0; frame--)
                {
                    byte[] body = random.Next(4) switch
                    {
                        0 => RandomBytes(random, random.Next(0, 64)),
                        1 => Encoding.UTF8.GetBytes(templates[random.Next(templates.Length)] + Encoding.Latin1.GetString(RandomBytes(random, random.Next(0, 16)))),
                        2 => Encoding.UTF8.GetBytes(templates[random.Next(templates.Length)]),
                        _ => Mutate(random, Encoding.UTF8.GetBytes("{\"type\":\"create\",\"id\":9,\"transfer\":{\"suspended\":true,\"priority\":\"Low\",\"customHeaders\":[\"X-A: 1\"]}}")),
                    };

                    if (random.Next(10) == 0)
                    {
                        // A header that promises more than follows: a truncated frame.
                        var header = new byte[4];
                        BinaryPrimitives.WriteInt32BigEndian(header, body.Length + random.Next(1, 1000));
                        await stream.WriteAsync(header);
                        await stream.WriteAsync(body);
                        break;
                    }

                    await WriteRawAsync(stream, body);
                }
            }
            catch (IOException)
            {
                // The host closed on us mid-write: that is its right.
            }
        }

        var status = await client.GetHostStatusAsync();
        Assert.Equal(pid, status.ProcessId);
        await using var fresh = await _env.ConnectAsync();
        Assert.Equal(pid, (await fresh.GetHostStatusAsync()).ProcessId);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] body)
    {
        for (var flips = random.Next(1, 4); flips > 0; flips--)
        {
            body[random.Next(body.Length)] = (byte)random.Next(32, 127);
        }

        return body;
    }

    private Task<NetworkStream> OpenAsync() => RawConnection.OpenAsync(_env.Paths.Socket);

    private Task<NetworkStream> OpenWelcomedAsync() => RawConnection.OpenWelcomedAsync(_env.Paths.Socket);

    private static Task WriteRawAsync(Stream stream, byte[] body) => RawConnection.WriteFrameAsync(stream, body);
}
