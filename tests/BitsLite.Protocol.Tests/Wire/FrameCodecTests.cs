using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Wire;

public class FrameCodecTests
{
    private static readonly TransferInfo Sample = new()
    {
        Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Options = new TransferOptions { DisplayName = "isos", Priority = TransferPriority.Low, CustomHeaders = ["X-A: ***"] },
        Owner = "alice",
        State = TransferState.TransientError,
        Files = [new TransferFileInfo { Source = "https://example.test/a.iso", Destination = "/data/a.iso", BytesTotal = 100, BytesTransferred = 40 }],
        BytesTotal = 100,
        BytesTransferred = 40,
        FilesTotal = 1,
        Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "503", HttpStatus = 503, IsTransient = true },
    };

    private static readonly Message[] AllMessages =
    [
        new Hello(ProtocolVersion.Current, "bitslite-cli/0.1"),
        new Welcome(ProtocolVersion.Current, "bitslite-host/0.1"),
        new CreateTransfer(1, new TransferRequest { Files = [new("https://example.test/a", "/tmp/a")], Options = new() { DisplayName = "x", Priority = TransferPriority.High, RetryInterval = TimeSpan.FromMinutes(1) } }),
        new AddFiles(2, Sample.Id, [new("/mnt/share/b", "/tmp/b")]),
        new GetTransfer(3, Sample.Id),
        new ListTransfers(4, new TransferQuery { Owner = "alice", States = [TransferState.Queued, TransferState.Error], LiveOnly = true }),
        new ChangeState(5, Sample.Id, StateChange.Complete),
        new SetTransfer(6, Sample.Id, new TransferOptionsPatch { MaxBandwidth = 1000, CustomHeaders = [] }),
        new Subscribe(7, null),
        new Unsubscribe(8, 42),
        new TransferReply(1, Sample),
        new GetPolicy(9),
        new SetPolicy(10, new HostPolicyChange { BackgroundBandwidth = 0, MaxActiveJobs = 2 }),
        new GetHostStatus(11),
        new StopHost(12),
        new TransferListReply(4, [Sample, Sample with { Id = Guid.NewGuid() }], More: true),
        new PolicyReply(10, new HostPolicy { BackgroundBandwidth = 1_000_000, MaxActiveJobs = 4 }),
        new HostStatusReply(11, new HostStatus { ProcessId = 1234, Version = "0.1.0", Protocol = ProtocolVersion.Current, DataRoot = "/d", Database = "/d/jobs.db", LogFile = "/d/host.log", Socket = "/run/s", IdleTimeout = TimeSpan.FromMinutes(5) }),
        new SubscribedReply(7, 42),
        new DoneReply(8),
        new ErrorReply(5, TransferErrorCode.InvalidState, "Cannot complete transfer 'isos': it is Queued."),
        new TransferEventMessage(42, TransferEventKind.Progress, Sample),
    ];

    public static TheoryData<Message> EveryMessage() => new(AllMessages);

    private static string Json(Message message) => JsonSerializer.Serialize(message, ProtocolJsonContext.Default.Message);

    private static async Task<Message?> RoundTripAsync(Message message)
    {
        using var stream = new MemoryStream();
        await FrameCodec.WriteAsync(stream, message);
        stream.Position = 0;
        return await FrameCodec.ReadAsync(stream);
    }

    private static MemoryStream Frame(byte[] body, int? declaredLength = null)
    {
        var stream = new MemoryStream();
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, declaredLength ?? body.Length);
        stream.Write(header);
        stream.Write(body);
        stream.Position = 0;
        return stream;
    }

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public async Task EveryMessage_RoundTripsThroughAFrame(Message message)
    {
        var back = await RoundTripAsync(message);

        Assert.NotNull(back);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(Json(message), Json(back));
    }

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void TheTypeComesFirst_AndEnumsAreNames(Message message)
    {
        using var document = JsonDocument.Parse(Json(message));
        Assert.Equal("type", document.RootElement.EnumerateObject().First().Name);
        Assert.DoesNotContain("\"state\":4", Json(message), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMessageType_IsCoveredByTheseTests()
    {
        var declared = typeof(Message).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), inherit: false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>()
            .Select(a => a.DerivedType)
            .OrderBy(t => t.Name);

        Assert.Equal(declared, AllMessages.Select(m => m.GetType()).Distinct().OrderBy(t => t.Name));
    }

    [Fact]
    public void TheWireNamesAreTheDocumentedOnes()
    {
        Assert.StartsWith("{\"type\":\"error\",\"replyTo\":5,\"code\":\"InvalidState\"", Json(new ErrorReply(5, TransferErrorCode.InvalidState, "m")), StringComparison.Ordinal);
        Assert.StartsWith("{\"type\":\"change-state\",\"id\":5,\"transferId\":", Json(new ChangeState(5, Guid.Empty, StateChange.Suspend)), StringComparison.Ordinal);
        Assert.Contains("\"change\":\"Suspend\"", Json(new ChangeState(5, Guid.Empty, StateChange.Suspend)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownProperties_AreIgnored_SoAddingOptionalOnesNeedsNoNewVersion()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"get\",\"id\":9,\"transferId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"addedLater\":{\"x\":1}}");

        var message = Assert.IsType<GetTransfer>(await FrameCodec.ReadAsync(Frame(body)));

        Assert.Equal(9, message.Id);
        Assert.Equal(Sample.Id, message.TransferId);
    }

    [Fact]
    public async Task OmittedOrNullFields_KeepTheirDefaults_NotZeroOrNull()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"create\",\"id\":1,\"transfer\":{\"options\":{\"displayName\":\"x\",\"customHeaders\":null},\"files\":null}}");

        var request = Assert.IsType<CreateTransfer>(await FrameCodec.ReadAsync(Frame(body))).Transfer;
        var options = request.Options.ApplyTo(new TransferOptions());

        Assert.Equal(TransferType.Download, request.TransferType);
        Assert.Empty(request.Files);
        Assert.Equal("x", request.Options.DisplayName);
        Assert.Null(request.Options.Priority);   // left as the host's default
        Assert.Equal(TransferPriority.Normal, options.Priority);
        Assert.Empty(options.CustomHeaders);
        Assert.Equal("", options.Description);
        Assert.Equal(TimeSpan.FromSeconds(600), options.RetryInterval);
    }

    [Fact]
    public async Task ACleanCloseBetweenFrames_ReadsAsNull() =>
        Assert.Null(await FrameCodec.ReadAsync(new MemoryStream()));

    [Fact]
    public async Task ATruncatedHeader_IsAProtocolError()
    {
        var ex = await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(new MemoryStream([0, 0])).AsTask());
        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATruncatedBody_IsAProtocolError()
    {
        var body = Encoding.UTF8.GetBytes(Json(new DoneReply(1)));
        var ex = await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(Frame(body[..5], declaredLength: body.Length)).AsTask());
        Assert.Contains("ended inside a frame", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(FrameCodec.MaxFrameBytes + 1)]
    [InlineData(int.MaxValue)]
    public async Task LengthsOutsideTheLimit_AreRefusedBeforeReadingTheBody(int length)
    {
        var ex = await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(Frame([], declaredLength: length)).AsTask());
        Assert.Contains("outside 1 to", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"no-such-message\"}")]
    [InlineData("{\"id\":1}")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"get\",\"id\":\"one\"}")]
    public async Task BodiesThatAreNotMessages_AreProtocolErrors(string body) =>
        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(Frame(Encoding.UTF8.GetBytes(body))).AsTask());

    [Fact]
    public async Task WritingAMessageAboveTheLimit_IsRefused()
    {
        var huge = new TransferListReply(1, Enumerable.Repeat(Sample with { Options = Sample.Options with { Description = new string('d', 1024) } }, 20_000).ToList(), More: false);
        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.WriteAsync(new MemoryStream(), huge).AsTask());
    }

    [Fact]
    public async Task ThousandsOfRandomAndMangledFrames_OnlyEverYieldMessagesOrProtocolErrors()
    {
        var random = new Random(20261121);
        var valid = Array.ConvertAll(AllMessages, m => Encoding.UTF8.GetBytes(Json(m)));
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 5000; i++)
        {
            byte[] body;
            int? declared = null;
            switch (i % 4)
            {
                case 0:
                    body = new byte[random.Next(0, 256)];
                    random.NextBytes(body);
                    break;
                case 1:
                    body = (byte[])valid[random.Next(valid.Length)].Clone();
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        body[random.Next(body.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    body = valid[random.Next(valid.Length)];
                    body = body[..random.Next(body.Length)];
                    break;
                default:
                    body = valid[random.Next(valid.Length)];
                    declared = random.Next(int.MinValue, int.MaxValue);
                    break;
            }

            string outcome;
            try
            {
                outcome = (await FrameCodec.ReadAsync(Frame(body, declared)))?.GetType().Name ?? "closed";
            }
            catch (ProtocolException)
            {
                outcome = "refused";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("refused") > 2500, string.Join(", ", outcomes));
    }
}
