using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Wire;

/// <summary>
/// Job snapshots travel through hand-written converters (for the speed of long lists). These tests hold them to the
/// source generator's JSON, which <see cref="GeneratedJsonContext"/> produces for the same type with the protocol's
/// options, in both directions, and to the protocol's rules for bad input.
/// </summary>
public class TransferInfoWireTests
{
    /// <summary>Every member away from its default, so that each one must travel.</summary>
    private static readonly TransferInfo Everything = new()
    {
        Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Options = new TransferOptions
        {
            DisplayName = "isos \"nightly\" ü",
            Description = "Line one\nline two",
            Priority = TransferPriority.Low,
            RetryInterval = TimeSpan.FromSeconds(61.5),
            RetryTimeout = TimeSpan.FromDays(7),
            MaxDownloadTime = TimeSpan.FromHours(2),
            MaxBandwidth = 1_000_000,
            Connections = 8,
            // Not what a host shows (write-only headers are never listed), but every setting must travel.
            CustomHeaders = ["X-A: ***", "X-B: ***"],
            CustomHeadersWriteOnly = true,
            CustomHeadersToOtherOrigins = true,
            Credentials = [new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = "DOMAIN\\bob" }],
            Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = ["http://proxy:3128"], Bypass = ["<local>"] },
            Notification = new TransferNotification { Program = "/usr/bin/notify", Arguments = ["--job"], On = TransferNotifyEvents.Error },
            TransferPolicy = TransferCostPolicy.Unmetered,
            UploadMethod = UploadMethod.Put,
        },
        Owner = "alice",
        TransferType = TransferType.UploadReply,
        State = TransferState.TransientError,
        Files =
        [
            new TransferFileInfo { Source = "/data/a.iso", Destination = "https://example.test/a.iso", BytesTotal = 100, BytesTransferred = 40 },
            new TransferFileInfo { Source = "/data/b.iso", Destination = "https://example.test/b.iso", BytesTotal = 7, BytesTransferred = 7, IsTransferred = true },
        ],
        BytesTotal = 107,
        BytesTransferred = 47,
        FilesTotal = 2,
        FilesTransferred = 1,
        CreationTime = new DateTimeOffset(2026, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(2)),
        ModificationTime = new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero),
        TransferCompletionTime = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(-5)),
        Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "503", HttpStatus = 503, Source = "https://example.test/a.iso", IsTransient = true, Time = new DateTimeOffset(2026, 3, 1, 10, 4, 0, TimeSpan.Zero) },
        ErrorCount = 3,
        QueueReason = "waiting for an unmetered network",
        ReplyFile = "/data/reply.bin",
        ReplyBytesTotal = 10,
        ReplyBytesTransferred = 4,
    };

    /// <summary>Only what a job always has.</summary>
    private static readonly TransferInfo Minimal = new() { Id = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Options = new() { DisplayName = "x" }, Owner = "bob" };

    private static string Wire(TransferInfo info) =>
        JsonNode.Parse(JsonSerializer.Serialize(new TransferReply(1, info), ProtocolJsonContext.Default.Message))!["transfer"]!.ToJsonString();

    private static TransferInfo FromWire(string transferJson) =>
        Assert.IsType<TransferReply>(JsonSerializer.Deserialize($"{{\"type\":\"transfer\",\"replyTo\":1,\"transfer\":{transferJson}}}", ProtocolJsonContext.Default.Message)).Transfer;

    private static string Generated(TransferInfo info) => JsonSerializer.Serialize(info, GeneratedJsonContext.Default.TransferInfo);

    private static async Task<Exception?> ReadFrameAsync(string transferJson)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"type\":\"transfer\",\"replyTo\":1,\"transfer\":{transferJson}}}");
        var stream = new MemoryStream();
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, body.Length);
        stream.Write(header);
        stream.Write(body);
        stream.Position = 0;
        return await Record.ExceptionAsync(async () => await FrameCodec.ReadAsync(stream));
    }

    public static TheoryData<string> Samples() => new(nameof(Everything), nameof(Minimal));

    private static TransferInfo Sample(string name) => name == nameof(Everything) ? Everything : Minimal;

    [Theory]
    [MemberData(nameof(Samples))]
    public void AJob_ComesBackWithEveryMemberEqual(string sample)
    {
        var info = Sample(sample);

        Assert.Equal(Generated(info), Generated(FromWire(Wire(info))));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void WhatTheGeneratorWrites_IsReadTheSame(string sample)
    {
        // An earlier host wrote every member through the generator; its answers read the same.
        var info = Sample(sample);

        Assert.Equal(Generated(info), Generated(FromWire(Generated(info))));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void WhatTheConverterWrites_TheGeneratorReadsTheSame(string sample)
    {
        // Names, enum names, times and durations are the generator's, so any reader of the documented format copes.
        var info = Sample(sample);

        var back = JsonSerializer.Deserialize(Wire(info), GeneratedJsonContext.Default.TransferInfo)!;

        Assert.Equal(Generated(info), Generated(back));
    }

    [Fact]
    public void EveryMember_IsWritten_WhenItIsNotAtItsDefault()
    {
        // A member added to TransferInfo but not to the converter fails here (add it to Everything too).
        var wire = JsonNode.Parse(Wire(Everything))!.AsObject();
        var written = wire.Select(p => p.Key).ToHashSet();

        Assert.All(PublicMembers(typeof(TransferInfo)), member => Assert.Contains(member, written));
    }

    [Fact]
    public void EverySetting_IsWritten_WhenItIsNotAtItsDefault()
    {
        // A setting added to TransferOptions travels without any change to the converter; this holds it to that.
        var options = JsonNode.Parse(Wire(Everything))!["options"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.All(PublicMembers(typeof(TransferOptions)), member => Assert.Contains(member, options));
    }

    private static IEnumerable<string> PublicMembers(Type type) =>
        type.GetProperties().Where(p => p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    [Fact]
    public void MembersAtTheirDefault_AreLeftOut_AndReadBackAsTheDefault()
    {
        var wire = Wire(Minimal);
        var back = FromWire(wire);

        foreach (var member in new[]
        {
            "description", "files", "priority", "retryInterval", "retryTimeout", "maxDownloadTime", "maxBandwidth", "connections", "customHeaders",
            "customHeadersWriteOnly", "credentials", "proxy", "notification", "transferPolicy", "uploadMethod", "replyBytesTotal",
            "replyBytesTransferred", "error", "percentComplete",
        })
        {
            Assert.DoesNotContain($"\"{member}\"", wire, StringComparison.Ordinal);
        }

        Assert.Contains("\"options\":{\"displayName\":\"x\"}", wire, StringComparison.Ordinal);
        Assert.Equal("", back.Options.Description);
        Assert.Equal(TransferPriority.Normal, back.Options.Priority);
        Assert.Equal(TimeSpan.FromSeconds(600), back.Options.RetryInterval);
        Assert.Equal(TimeSpan.FromDays(14), back.Options.RetryTimeout);
        Assert.Equal(TimeSpan.Zero, back.Options.MaxDownloadTime);
        Assert.Equal(0, back.Options.MaxBandwidth);
        Assert.Equal(4, back.Options.Connections);
        Assert.Empty(back.Options.CustomHeaders);
        Assert.Empty(back.Options.Credentials);
        Assert.Empty(back.Files);
        Assert.Equal(TransferProxyUsage.SystemDefault, back.Options.Proxy.Usage);
        Assert.Equal(-1, back.ReplyBytesTotal);
        Assert.Equal(UploadMethod.Bits, back.Options.UploadMethod);
    }

    [Fact]
    public void ASettingAtZero_IsWritten_WhenZeroIsNotItsDefault()
    {
        // Foreground is the priority enum's zero, and a zero retry timeout means "never retry": neither is the default.
        var info = Minimal with { Options = Minimal.Options with { Priority = TransferPriority.Foreground, RetryTimeout = TimeSpan.Zero } };

        var wire = Wire(info);

        Assert.Contains("\"priority\":\"Foreground\"", wire, StringComparison.Ordinal);
        Assert.Contains("\"retryTimeout\":\"00:00:00\"", wire, StringComparison.Ordinal);
        Assert.Equal(TransferPriority.Foreground, FromWire(wire).Options.Priority);
        Assert.Equal(TimeSpan.Zero, FromWire(wire).Options.RetryTimeout);
    }

    [Fact]
    public void UnknownMembers_AreSkipped_HoweverTheyLookOrAreNamed()
    {
        var longName = new string('z', 200);
        var info = FromWire($"{{\"later\":{{\"a\":[1,{{\"b\":null}}]}},\"id\":\"{Minimal.Id}\",\"{longName}\":[\"x\"],\"options\":{{\"displayName\":\"x\",\"addedLater\":[1]}},\"owner\":\"bob\",\"percentComplete\":12.5,\"st\\u0061te\":\"Queued\",\"e\":true}}");

        Assert.Equal(Generated(Minimal), Generated(info));
    }

    [Fact]
    public void EnumNames_AreReadInAnyCase_AndAsDefinedNumbers_LikeTheGeneratorsConverter()
    {
        var info = FromWire($"{{\"id\":\"{Minimal.Id}\",\"options\":{{\"displayName\":\"x\",\"priority\":3}},\"owner\":\"bob\",\"state\":\"transientERROR\"}}");

        Assert.Equal(TransferState.TransientError, info.State);
        Assert.Equal(TransferPriority.Low, info.Options.Priority);
    }

    [Fact]
    public void NullCollectionsAndTexts_ReadAsEmpty()
    {
        var info = FromWire($"{{\"id\":\"{Minimal.Id}\",\"options\":{{\"displayName\":\"x\",\"description\":null,\"customHeaders\":null,\"credentials\":null,\"proxy\":null}},\"owner\":\"bob\",\"files\":null}}");

        Assert.Equal("", info.Options.Description);
        Assert.Empty(info.Files);
        Assert.Empty(info.Options.CustomHeaders);
        Assert.Empty(info.Options.Credentials);
        Assert.Equal(TransferProxyUsage.SystemDefault, info.Options.Proxy.Usage);
    }

    [Theory]
    [InlineData("{\"options\":{\"displayName\":\"x\"},\"owner\":\"bob\"}")]                                  // no id
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"owner\":\"bob\"}")]                          // no settings
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":null,\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"not a guid\",\"options\":{},\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":7,\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{\"displayName\":7},\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"bytesTotal\":\"many\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"filesTotal\":1e99}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"state\":\"Nope\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"state\":\"99\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"state\":42}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"files\":{}}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"files\":[{\"source\":\"a\"}]}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{\"customHeaders\":[1]},\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{\"retryInterval\":\"soon\"},\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{\"priority\":\"Urgent\"},\"owner\":\"bob\"}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"creationTime\":12}")]
    [InlineData("{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"options\":{},\"owner\":\"bob\",\"error\":{\"description\":\"no context\"}}")]
    [InlineData("[]")]
    [InlineData("\"job\"")]
    public async Task AMalformedJob_IsAProtocolError_NeverAnotherException(string transferJson)
    {
        var error = await ReadFrameAsync(transferJson);

        Assert.IsType<ProtocolException>(error);
    }

    [Fact]
    public async Task AWholeListPage_RoundTripsThroughAFrame()
    {
        var page = Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? Everything : Minimal) with { Id = Guid.NewGuid(), BytesTransferred = i }).ToList();
        using var stream = new MemoryStream();

        await FrameCodec.WriteAsync(stream, new TransferListReply(4, page, More: true));
        stream.Position = 0;
        var back = Assert.IsType<TransferListReply>(await FrameCodec.ReadAsync(stream));

        Assert.True(back.More);
        Assert.Equal(page.Select(Generated), back.Transfers.Select(Generated));
        Assert.Equal(stream.Length, stream.Position);
    }
}

/// <summary>The source generator's own metadata for <see cref="TransferInfo"/>, with the protocol's options and no hand-written converter.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = false)]
[JsonSerializable(typeof(TransferInfo))]
internal sealed partial class GeneratedJsonContext : JsonSerializerContext;
