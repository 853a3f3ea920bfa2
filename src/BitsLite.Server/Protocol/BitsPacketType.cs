namespace BitsLite.Server.Protocol;

/// <summary>The request packets of the upload protocol (header BITS-Packet-Type).</summary>
internal enum BitsPacketType
{
    Ping,
    CreateSession,
    Fragment,
    CancelSession,
    CloseSession,
}
