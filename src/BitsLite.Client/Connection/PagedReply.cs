using System.Threading.Channels;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client.Connection;

/// <summary>A list request, answered page by page until a page says there are no more.</summary>
internal sealed class PagedReply : PendingReply
{
    /// <summary>The pages as they arrive; completed after the last one, or with the error that ended the listing.</summary>
    public Channel<IReadOnlyList<TransferInfo>> Pages { get; } = Channel.CreateUnbounded<IReadOnlyList<TransferInfo>>(new UnboundedChannelOptions { SingleWriter = true });

    /// <inheritdoc/>
    public override bool Accept(Reply reply)
    {
        switch (reply)
        {
            case TransferListReply page:
                Pages.Writer.TryWrite(page.Transfers);
                if (!page.More)
                {
                    Pages.Writer.TryComplete();
                }

                return !page.More;
            case ErrorReply error:
                Pages.Writer.TryComplete(new TransferException(error.Code, error.Message));
                return true;
            default:
                Pages.Writer.TryComplete(Unexpected(reply));
                return true;
        }
    }

    /// <inheritdoc/>
    public override void Fail(Exception error) => Pages.Writer.TryComplete(error);
}
