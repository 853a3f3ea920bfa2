using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client.Connection;

/// <summary>A request waiting for its reply (or replies): the reader loop hands it each one that carries its id.</summary>
internal abstract class PendingReply
{
    /// <summary>The request's outcome: its reply, or the host's error as a <see cref="TransferException"/>.</summary>
    public TaskCompletionSource<Reply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Takes a reply; returns true when no more replies belong to this request.</summary>
    public abstract bool Accept(Reply reply);

    /// <summary>The connection failed before the last reply came.</summary>
    public virtual void Fail(Exception error) => Reply.TrySetException(error);

    /// <summary>The error for a reply of a kind the request does not expect.</summary>
    public static TransferException Unexpected(Reply reply) => new(
        TransferErrorCode.ProtocolMismatch, $"The host answered with an unexpected '{reply.GetType().Name}'.");

    /// <summary>Completes <see cref="Reply"/> with the reply, or with the host's error as an exception.</summary>
    protected void Settle(Reply reply)
    {
        if (reply is ErrorReply error)
        {
            Reply.TrySetException(new TransferException(error.Code, error.Message));
        }
        else
        {
            Reply.TrySetResult(reply);
        }
    }
}
