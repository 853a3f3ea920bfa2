using BitsLite.Protocol.Wire;

namespace BitsLite.Client.Connection;

/// <summary>A request answered by exactly one reply.</summary>
internal sealed class SingleReply : PendingReply
{
    /// <inheritdoc/>
    public override bool Accept(Reply reply)
    {
        Settle(reply);
        return true;
    }
}
