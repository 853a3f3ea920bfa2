using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Security;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client.Connection;

/// <summary>
/// One socket conversation with the host: writes requests, and a reader loop that hands each reply to
/// the request waiting for it and each event to its subscription. Thread-safe; requests may overlap.
/// </summary>
internal sealed class HostConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, PendingReply> _pending = new();
    private readonly ConcurrentDictionary<long, Channel<TransferEventMessage>> _subscriptions = new();
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _closing = new();
    private Task _reader = Task.CompletedTask;
    private long _nextId;
    private Exception? _failure;
    private int _disposed;

    private HostConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>What the host said about itself in the handshake.</summary>
    public Welcome Welcome { get; private set; } = null!;

    /// <summary>
    /// Connects and shakes hands. Returns <see langword="null"/> when no host listens on <paramref name="socketPath"/>
    /// (no socket file, or a stale one), so the caller may start one.
    /// </summary>
    /// <exception cref="TransferException">The host refused us, speaks another protocol version, or the socket is not ours.</exception>
    public static async Task<HostConnection?> TryConnectAsync(string socketPath, string clientName, CancellationToken cancellationToken)
    {
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(socketPath);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new TransferException(TransferErrorCode.HostUnavailable, $"The socket path '{socketPath}' is too long for a Unix socket; choose a shorter BITSLITE_HOME.", ex);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TryAgain or SocketError.WouldBlock && attempt < 100)
                {
                    // The host's listen backlog is full for a moment (many clients at once): wait for it to accept.
                    socket.Dispose();
                    socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AddressFamilyNotSupported || ex.ErrorCode == 2 /* ENOENT */)
        {
            socket.Dispose();
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            socket.Dispose();
            throw new TransferException(TransferErrorCode.AccessDenied, $"Permission denied on the host's socket '{socketPath}': it belongs to another user. Each user runs their own host; check BITSLITE_HOME.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new HostConnection(socket);
        try
        {
            var own = PeerCredentials.CurrentUserId();
            if (own is not null && PeerCredentials.UserIdOf(socket) is { } peer && peer != own)
            {
                // Requests carry custom headers, credentials among them: never to a listener of another user.
                throw new TransferException(TransferErrorCode.AccessDenied, $"The socket '{socketPath}' is served by another user (user id {peer}), not by your BitsLite host; nothing was sent. Check BITSLITE_HOME.");
            }

            if (await connection.HandshakeAsync(clientName, cancellationToken).ConfigureAwait(false))
            {
                return connection;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Says hello. Returns false when the host closed the connection without answering: a host answers every hello
    /// (a refusal included), so that is one that is stopping, and the caller should treat it as not running.
    /// </summary>
    private async Task<bool> HandshakeAsync(string clientName, CancellationToken cancellationToken)
    {
        Message? answer;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            await FrameCodec.WriteAsync(_stream, new Hello(ProtocolVersion.Current, clientName), timeout.Token).ConfigureAwait(false);
            answer = await FrameCodec.ReadAsync(_stream, timeout.Token).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return false;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransferException(TransferErrorCode.HostUnavailable, $"The host accepted the connection but did not answer within {HandshakeTimeout.TotalSeconds:0} s; it may be hung. Its process is the one named in host.lock beside the socket.", ex);
        }
        catch (ProtocolException ex)
        {
            throw new TransferException(TransferErrorCode.ProtocolMismatch, $"The host's answer to the handshake is not BitsLite protocol: {ex.Message}", ex);
        }

        switch (answer)
        {
            case Welcome welcome:
                Welcome = welcome;
                _reader = Task.Run(ReadLoopAsync, CancellationToken.None);
                return true;
            case ErrorReply error:
                throw new TransferException(error.Code, error.Message);
            case null:
                return false;
            default:
                throw new TransferException(TransferErrorCode.ProtocolMismatch, $"The host answered the handshake with '{answer.GetType().Name}'; it does not speak this client's protocol.");
        }
    }

    /// <summary>Completes when the host has closed this connection (or it failed).</summary>
    public Task Closed => _reader;

    /// <summary>Sends a request built for a fresh id and waits for its single reply.</summary>
    /// <exception cref="TransferException">The host answered with an error, or the connection failed.</exception>
    public async Task<TReply> SendAsync<TReply>(Func<long, Request> build, CancellationToken cancellationToken)
        where TReply : Reply
    {
        var pending = new SingleReply();
        var reply = await SendAsync(build, pending, cancellationToken).ConfigureAwait(false);
        return reply as TReply ?? throw PendingReply.Unexpected(reply);
    }

    /// <summary>Sends a list request and yields the jobs page by page as they arrive.</summary>
    public async IAsyncEnumerable<TransferInfo> ListAsync(TransferQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = new PagedReply();
        var id = Interlocked.Increment(ref _nextId);
        _pending[id] = pages;
        try
        {
            await WriteAsync(new ListTransfers(id, query), cancellationToken).ConfigureAwait(false);
            await foreach (var page in pages.Pages.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var transfer in page)
                {
                    yield return transfer;
                }
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Starts a subscription; its events arrive on the returned reader until <see cref="UnsubscribeAsync"/>, and
    /// <c>Dropped</c> counts those the reader lost by falling behind.
    /// </summary>
    public async Task<(long Id, ChannelReader<TransferEventMessage> Events, Func<long> Dropped)> SubscribeAsync(Guid? transferId, CancellationToken cancellationToken)
    {
        var pending = new SubscribeReply(_subscriptions);
        var reply = await SendAsync(id => new Subscribe(id, transferId), pending, cancellationToken).ConfigureAwait(false);
        var subscribed = reply as SubscribedReply ?? throw PendingReply.Unexpected(reply);
        return (subscribed.SubscriptionId, pending.Events!.Reader, () => pending.Dropped);
    }

    /// <summary>Ends a subscription and completes its reader.</summary>
    public async Task UnsubscribeAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        if (_subscriptions.TryRemove(subscriptionId, out var events))
        {
            events.Writer.TryComplete();
            if (_failure is null)
            {
                await SendAsync<DoneReply>(id => new Unsubscribe(id, subscriptionId), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task UnsubscribeOrphanAsync(long subscriptionId)
    {
        try
        {
            await WriteAsync(new Unsubscribe(Interlocked.Increment(ref _nextId), subscriptionId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TransferException)
        {
            // The connection is gone, and the subscription with it.
        }
    }

    private async Task<Reply> SendAsync(Func<long, Request> build, PendingReply pending, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        _pending[id] = pending;
        try
        {
            await WriteAsync(build(id), cancellationToken).ConfigureAwait(false);
            return await pending.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task WriteAsync(Request request, CancellationToken cancellationToken)
    {
        if (_failure is { } failure)
        {
            throw Lost(failure);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FrameCodec.WriteAsync(_stream, request, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Lost(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await FrameCodec.ReadAsync(_stream, _closing.Token).ConfigureAwait(false) is { } message)
            {
                Dispatch(message);
            }

            Fail(new IOException("The host closed the connection."));
        }
        catch (Exception ex) when (ex is IOException or ProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            Fail(ex);
        }
    }

    private void Dispatch(Message message)
    {
        switch (message)
        {
            case TransferEventMessage e:
                if (_subscriptions.TryGetValue(e.SubscriptionId, out var events))
                {
                    events.Writer.TryWrite(e);
                }

                break;
            case ErrorReply { ReplyTo: 0 } error:
                Fail(new TransferException(error.Code, error.Message));
                break;
            case Reply reply:
                if (_pending.TryGetValue(reply.ReplyTo, out var pending))
                {
                    if (pending.Accept(reply))
                    {
                        _pending.TryRemove(reply.ReplyTo, out _);
                    }
                }
                else if (reply is SubscribedReply orphan)
                {
                    // Its caller gave up waiting: end the subscription, or the host would feed it for the life of the connection.
                    _ = UnsubscribeOrphanAsync(orphan.SubscriptionId);
                }

                break;
        }
    }

    private void Fail(Exception reason)
    {
        _failure ??= reason;
        foreach (var (_, pending) in _pending)
        {
            pending.Fail(Lost(reason));
        }

        foreach (var (_, events) in _subscriptions)
        {
            events.Writer.TryComplete(Lost(reason));
        }
    }

    private static TransferException Lost(Exception reason) => reason as TransferException ?? new TransferException(
        TransferErrorCode.HostUnavailable, $"Lost the connection to the host: {reason.Message} Its log may say why.", reason);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The host closed first (macOS reports ENOTCONN); there is nothing left to shut down.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }
}
