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
    public void Reads_the_packet_types_of_the_SDK_and_of_MC_BUP_in_any_case(string header, string expected)
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
    public void Does_not_read_other_packet_types(string? header)
    {
        Assert.False(BitsPacketTypes.TryParse(header, out _));
    }

    [Theory]
    [InlineData(0x8020001Fu, "0x8020001F")]
    [InlineData(0x80070057u, "0x80070057")]
    [InlineData(0u, "0x00000000")]
    public void Writes_error_codes_as_0x_and_eight_hex_digits(uint code, string expected)
    {
        Assert.Equal(expected, BitsErrorCodes.Format(code));
    }
}
