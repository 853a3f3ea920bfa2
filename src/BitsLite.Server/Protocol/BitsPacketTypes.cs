namespace BitsLite.Server.Protocol;

/// <summary>Reads BITS-Packet-Type. Case does not matter: the SDK writes Create-Session, [MC-BUP] CREATE-SESSION.</summary>
internal static class BitsPacketTypes
{
    public static bool TryParse(string? value, out BitsPacketType packetType)
    {
        packetType = default;
        var text = value?.Trim();
        if (string.Equals(text, "Ping", StringComparison.OrdinalIgnoreCase))
        {
            packetType = BitsPacketType.Ping;
        }
        else if (string.Equals(text, "Create-Session", StringComparison.OrdinalIgnoreCase))
        {
            packetType = BitsPacketType.CreateSession;
        }
        else if (string.Equals(text, "Fragment", StringComparison.OrdinalIgnoreCase))
        {
            packetType = BitsPacketType.Fragment;
        }
        else if (string.Equals(text, "Cancel-Session", StringComparison.OrdinalIgnoreCase))
        {
            packetType = BitsPacketType.CancelSession;
        }
        else if (string.Equals(text, "Close-Session", StringComparison.OrdinalIgnoreCase))
        {
            packetType = BitsPacketType.CloseSession;
        }
        else
        {
            return false;
        }

        return true;
    }
}
