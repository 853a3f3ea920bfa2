using BitsLite.Engine;
using BitsLite.Host.Hosting;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Server;

/// <summary>
/// Turns each request into engine calls and replies. Refusals become <see cref="ErrorReply"/>s with the
/// engine's codes; anything unexpected becomes <see cref="TransferErrorCode.HostFailure"/> and a log entry,
/// never a crash. New jobs belong to the connected user (<see cref="ClientSession.Owner"/>).
/// </summary>
internal sealed class RequestHandler
{
    /// <summary>Jobs per list page: a page of jobs with many files still stays far below the frame limit.</summary>
    public const int ListPageSize = 256;

    private readonly TransferEngine _engine;
    private readonly HostContext _host;

    public RequestHandler(TransferEngine engine, HostContext host)
    {
        _engine = engine;
        _host = host;
    }

    public async Task HandleAsync(Request request, ClientSession session, CancellationToken cancellationToken)
    {
        try
        {
            switch (request)
            {
                case ListTransfers list:
                    await SendPagesAsync(list, session, cancellationToken).ConfigureAwait(false);
                    return;
                case Subscribe subscribe:
                    var subscriptionId = session.Subscribe(() => _engine.Subscribe(subscribe.TransferId));
                    await session.SendAsync(new SubscribedReply(subscribe.Id, subscriptionId), cancellationToken).ConfigureAwait(false);
                    session.StartEvents(subscriptionId);
                    return;
                case StopHost:
                    await session.SendAsync(new DoneReply(request.Id), cancellationToken).ConfigureAwait(false);
                    _host.RequestStop($"asked to stop by {session.ClientName}");
                    return;
                default:
                    await session.SendAsync(await AnswerAsync(request, session, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    return;
            }
        }
        catch (TransferException ex)
        {
            await session.SendAsync(new ErrorReply(request.Id, ex.Code, ex.Message), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // Fields a well-behaved client always sends were missing or null (logged: it could also be a bug of ours).
            _host.Log.Warn($"Request {request.GetType().Name} from {session.ClientName} was malformed: {ex.Message}");
            await session.SendAsync(new ErrorReply(request.Id, TransferErrorCode.BadRequest, $"Malformed '{request.GetType().Name}' request: {ex.Message}"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException and not ObjectDisposedException)
        {
            _host.Log.Error($"Request {request.GetType().Name} from {session.ClientName} failed.", ex);
            await session.SendAsync(new ErrorReply(request.Id, TransferErrorCode.HostFailure, $"The host failed: {ex.Message} (details in {_host.Paths.LogFile})"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Reply> AnswerAsync(Request request, ClientSession session, CancellationToken cancellationToken) => request switch
    {
        CreateTransfer create => new TransferReply(create.Id, await _engine.CreateAsync(OwnedBy(Required(create.Transfer), session), cancellationToken).ConfigureAwait(false)),
        AddFiles add => new TransferReply(add.Id, await _engine.AddFilesAsync(add.TransferId, Required(add.Files), cancellationToken).ConfigureAwait(false)),
        GetTransfer get => new TransferReply(get.Id, _engine.Get(get.TransferId)),
        ChangeState change => new TransferReply(change.Id, await ChangeAsync(change, cancellationToken).ConfigureAwait(false)),
        SetTransfer set => new TransferReply(set.Id, await _engine.SetAsync(set.TransferId, Required(set.Options), cancellationToken).ConfigureAwait(false)),
        Unsubscribe unsubscribe => session.Unsubscribe(unsubscribe.SubscriptionId)
            ? new DoneReply(unsubscribe.Id)
            : new ErrorReply(unsubscribe.Id, TransferErrorCode.NotFound, $"This connection has no subscription {unsubscribe.SubscriptionId}."),
        GetPolicy get => new PolicyReply(get.Id, await _engine.GetPolicyAsync(cancellationToken).ConfigureAwait(false)),
        SetPolicy set => new PolicyReply(set.Id, await _engine.SetPolicyAsync(Required(set.Change), cancellationToken).ConfigureAwait(false)),
        GetHostStatus status => new HostStatusReply(status.Id, _host.Status()),
        _ => new ErrorReply(request.Id, TransferErrorCode.BadRequest, $"The host does not handle '{request.GetType().Name}'."),
    };

    private Task<TransferInfo> ChangeAsync(ChangeState change, CancellationToken cancellationToken) => change.Change switch
    {
        StateChange.Suspend => _engine.SuspendAsync(change.TransferId, cancellationToken),
        StateChange.Resume => _engine.ResumeAsync(change.TransferId, cancellationToken),
        StateChange.Complete => _engine.CompleteAsync(change.TransferId, cancellationToken),
        StateChange.Cancel => _engine.CancelAsync(change.TransferId, cancellationToken),
        _ => throw new TransferException(TransferErrorCode.BadRequest, $"Unknown state change '{change.Change}'."),
    };

    /// <summary>Streams pages, holding one back so that the last can say it is the last.</summary>
    private async Task SendPagesAsync(ListTransfers list, ClientSession session, CancellationToken cancellationToken)
    {
        IReadOnlyList<TransferInfo>? held = null;
        foreach (var page in _engine.ListPages(list.Query, ListPageSize))
        {
            if (held is not null)
            {
                await SendPageAsync(session, list.Id, held, more: true, cancellationToken).ConfigureAwait(false);
            }

            held = page;
        }

        await SendPageAsync(session, list.Id, held ?? [], more: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a page as one frame, or, when its jobs have so many or such long file names that it would pass the
    /// frame limit, as two halves (and so on). One job always fits: its files and their paths are bounded.
    /// </summary>
    private static async Task SendPageAsync(ClientSession session, long id, IReadOnlyList<TransferInfo> page, bool more, CancellationToken cancellationToken)
    {
        try
        {
            await session.SendAsync(new TransferListReply(id, page, more), cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolException) when (page.Count > 1)
        {
            // Nothing was written: the codec measures a frame before it sends it.
            var half = page.Count / 2;
            await SendPageAsync(session, id, page.Take(half).ToList(), more: true, cancellationToken).ConfigureAwait(false);
            await SendPageAsync(session, id, page.Skip(half).ToList(), more, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The request with the connected user as its owner: the kernel's word (SO_PEERCRED), not the client's. A request
    /// that names someone else is refused rather than quietly changed, so the client learns it cannot do that.
    /// </summary>
    private static TransferRequest OwnedBy(TransferRequest request, ClientSession session)
    {
        var owner = session.Owner;
        return request.Owner is null || request.Owner == owner
            ? request with { Owner = owner }
            : throw new TransferException(
                TransferErrorCode.InvalidArgument,
                $"A transfer's owner is the user connected to the host ('{owner}'); a request may not name another ('{request.Owner}'). Leave the owner out.");
    }

    private static T Required<T>(T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class =>
        value ?? throw new ArgumentException($"'{name}' is missing.", name);
}
