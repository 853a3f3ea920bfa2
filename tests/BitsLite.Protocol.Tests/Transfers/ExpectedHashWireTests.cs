using System.Text.Json;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Transfers;

public class ExpectedHashWireTests
{
    private const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static async Task<T> RoundTripAsync<T>(T message)
        where T : Message
    {
        using var stream = new MemoryStream();
        await FrameCodec.WriteAsync(stream, message);
        stream.Position = 0;
        return Assert.IsType<T>(await FrameCodec.ReadAsync(stream));
    }

    [Fact]
    public async Task AFilesExpectedHash_TravelsWithTheRequest()
    {
        var request = new TransferRequest { Files = [new TransferFileSpec("https://example.test/a.iso", "/data/a.iso") { ExpectedHash = Hash }] };

        var back = await RoundTripAsync(new CreateTransfer(1, request));

        Assert.Equal(Hash, Assert.Single(back.Transfer.Files).ExpectedHash);
    }

    [Fact]
    public async Task AFilesHashes_TravelWithTheTransfer_AndAreLeftOutWhenNotSet()
    {
        var info = new TransferInfo
        {
            Id = Guid.NewGuid(),
            Owner = "alice",
            Files =
            [
                new TransferFileInfo { Source = "https://example.test/a", Destination = "/d/a", ExpectedHash = Hash, VerifiedHash = Hash },
                new TransferFileInfo { Source = "https://example.test/b", Destination = "/d/b" },
            ],
        };

        var back = (await RoundTripAsync(new TransferReply(1, info))).Transfer;
        var json = JsonSerializer.Serialize<Message>(new TransferReply(1, info), ProtocolJsonContext.Default.Message);

        Assert.Equal(Hash, back.Files[0].ExpectedHash);
        Assert.Equal(Hash, back.Files[0].VerifiedHash);
        Assert.Null(back.Files[1].ExpectedHash);
        Assert.Null(back.Files[1].VerifiedHash);
        Assert.Equal(1, json.Split("expectedHash").Length - 1);
    }

    [Fact]
    public void TheProtocolVersion_IsFour_SinceAnOlderHostWouldDropExpectedHashes() =>
        Assert.Equal(4, ProtocolVersion.Current);

    [Theory]
    [InlineData("  E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 ", Hash)]
    [InlineData(Hash, Hash)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void AHash_IsNormalisedToLowerCase_AndBlankMeansNone(string? given, string? expected) =>
        Assert.Equal(expected, Sha256Text.Normalize(given));

    [Theory]
    [InlineData("abc", "has 3 characters")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "has other characters")]
    public void AHashThatIsNot64HexDigits_IsRefused_SayingWhy(string given, string why)
    {
        var ex = Assert.Throws<TransferException>(() => Sha256Text.Normalize(given, "/d/a.iso"));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("for '/d/a.iso'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequestWithABadHash_OrAnUploadWithAHash_IsRefusedByTheRules()
    {
        var bad = new TransferRequest { Files = [new TransferFileSpec("https://example.test/a", "/d/a") { ExpectedHash = "12" }] };
        var upload = new TransferRequest
        {
            TransferType = TransferType.Upload,
            Files = [new TransferFileSpec("/d/a", "https://example.test/a") { ExpectedHash = Hash }],
        };

        Assert.Contains("64 hexadecimal digits", Assert.Throws<TransferException>(() => TransferRequestRules.Validate(bad)).Message, StringComparison.Ordinal);
        Assert.Contains("downloads only", Assert.Throws<TransferException>(() => TransferRequestRules.Validate(upload)).Message, StringComparison.Ordinal);
    }
}
