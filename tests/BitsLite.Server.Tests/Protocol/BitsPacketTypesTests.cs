using BitsLite.Server.Protocol;

namespace BitsLite.Server.Tests.Protocol;

public class BitsPacketTypesTests
{
    [Theory]
    [InlineData("Ping", "Ping")]
    [InlineData("Create-Session", "CreateSession")]
    [InlineData("CREATE-SESSION", "CreateSession")]
    [InlineData("fragment", "Fragment")]
    [InlineData("Cancel-Session", "CancelSession")]
    [InlineData("Close-Session", "CloseSession")]
    public void ReadsThePacketTypes_OfTheSdkAndOfMcBup_InAnyCase(string header, string expected)
    {
        Assert.True(BitsPacketTypes.TryParse(header, out var packetType));
        Assert.Equal(expected, packetType.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Ack")]
    [InlineData("CreateSession")]
    [InlineData("Get")]
    public void DoesNotReadOtherPacketTypes(string? header)
    {
        Assert.False(BitsPacketTypes.TryParse(header, out _));
    }

    [Theory]
    [InlineData(0x8020001Fu, "0x8020001F")]
    [InlineData(0x80070057u, "0x80070057")]
    [InlineData(0u, "0x00000000")]
    public void WritesErrorCodes_As0xAndEightHexDigits(uint code, string expected)
    {
        Assert.Equal(expected, BitsErrorCodes.Format(code));
    }
}
