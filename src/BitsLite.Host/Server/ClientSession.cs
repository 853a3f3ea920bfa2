using System.Collections.Concurrent;
using System.Net.Sockets;
using BitsLite.Engine.Events;
using BitsLite.Host.Hosting;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Server;

/// <summary>
/// One client's connection: the handshake, then requests in order, with events from its subscriptions
/// written between replies. A bad frame ends this session with an error frame; it never reaches the others.
/// </summary>
internal sealed class ClientSession : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly HostContext _host;
    private readonly RequestHandler _handler;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, (TransferSubscription Subscription, TaskCompletionSource Started, Task Pump)> _subscriptions = new();
    private readonly CancellationTokenSource _closing;
    private long _nextSubscriptionId;

    public ClientSession(Socket socket, HostContext host, RequestHandler handler, CancellationToken stopping)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _host = host;
        _handler = handler;
        _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>The name the client gave in its hello, for the log.</summary>
    public string ClientName { get; private set; } = "an unnamed client";

    public async Task RunAsync()
    {
        var token = _closing.Token;
        try
        {
            if (!await HandshakeAsync(token).ConfigureAwait(false))
            {
                return;
            }

            while (await FrameCodec.ReadAsync(_stream, token).ConfigureAwait(false) is { } message)
            {
                if (message is not Request request)
                {
                    await RefuseAsync(TransferErrorCode.BadRequest, $"A client may not send '{message.GetType().Name}'.", token).ConfigureAwait(false);
                    return;
                }

                await _handler.HandleAsync(request, this, token).ConfigureAwait(false);
            }
        }
        catch (ProtocolException ex)
        {
            _host.Log.Warn($"Closing the connection of {ClientName}: {ex.Message}");
            await RefuseAsync(TransferErrorCode.BadRequest, ex.Message, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away, or the host is stopping.
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        Message? first;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(HandshakeTimeout);
            try
            {
                first = await FrameCodec.ReadAsync(_stream, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await RefuseAsync(TransferErrorCode.BadRequest, $"No hello within {HandshakeTimeout.TotalSeconds:0} s.", cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        switch (first)
        {
            case null:
                return false;
            case Hello hello when hello.Protocol == ProtocolVersion.Current:
                ClientName = string.IsNullOrWhiteSpace(hello.Client) ? ClientName : hello.Client[..Math.Min(hello.Client.Length, 100)];
                await SendAsync(new Welcome(ProtocolVersion.Current, HostContext.Version), cancellationToken).ConfigureAwait(false);
                return true;
            case Hello hello:
                _host.Log.Warn($"Refused {hello.Client}: it speaks protocol {hello.Protocol}, this host {ProtocolVersion.Current}.");
                await RefuseAsync(
                    TransferErrorCode.ProtocolMismatch,
                    $"This client speaks BitsLite protocol {hello.Protocol} but the running host ({HostContext.Version}) speaks {ProtocolVersion.Current}. "
                    + "Use a client and host from the same BitsLite release: stop the old host ('bitslite host stop') and try again.",
                    cancellationToken).ConfigureAwait(false);
                return false;
            default:
                await RefuseAsync(TransferErrorCode.BadRequest, $"The first frame must be 'hello', not '{first.GetType().Name}'.", cancellationToken).ConfigureAwait(false);
                return false;
        }
    }

    /// <summary>Sends a connection-level error (replyTo 0); the caller then ends the session.</summary>
    public async Task RefuseAsync(TransferErrorCode code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(new ErrorReply(0, code, message), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client is already gone; there is nobody to tell.
        }
    }

    public async Task SendAsync(Message message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FrameCodec.WriteAsync(_stream, message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Registers a subscription and returns the id its events will carry. Its events flow once
    /// <see cref="StartEvents"/> is called, after the reply, so that the client hears of the id first.
    /// </summary>
    public long Subscribe(TransferSubscription subscription)
    {
        var id = Interlocked.Increment(ref _nextSubscriptionId);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _subscriptions[id] = (subscription, started, PumpAsync(id, subscription, started.Task));
        return id;
    }

    public void StartEvents(long id)
    {
        if (_subscriptions.TryGetValue(id, out var entry))
        {
            entry.Started.TrySetResult();
        }
    }

    public bool Unsubscribe(long id)
    {
        if (!_subscriptions.TryRemove(id, out var entry))
        {
            return false;
        }

        entry.Subscription.Dispose();
        entry.Started.TrySetResult();
        return true;
    }

    private async Task PumpAsync(long id, TransferSubscription subscription, Task started)
    {
        try
        {
            await started.WaitAsync(_closing.Token).ConfigureAwait(false);
            await foreach (var e in subscription.Reader.ReadAllAsync(_closing.Token).ConfigureAwait(false))
            {
                await SendAsync(new TransferEventMessage(id, e.Kind, e.Transfer), _closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection ended; RunAsync notices too.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var id in _subscriptions.Keys)
        {
            if (_subscriptions.TryRemove(id, out var entry))
            {
                entry.Subscription.Dispose();
                entry.Started.TrySetResult();
                await entry.Pump.ConfigureAwait(false);
            }
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }
}
