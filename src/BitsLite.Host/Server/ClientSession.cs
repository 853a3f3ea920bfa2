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
    /// <summary>The largest request accepted: a create with the most files and longest paths fits with room to spare.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;

    /// <summary>Subscriptions one connection may hold; each costs the transfers a little on every event.</summary>
    public const int MaxSubscriptions = 64;

    /// <summary>The largest hello accepted: a hello is a few dozen bytes, and a connection not yet admitted must cost next to nothing.</summary>
    public const int MaxHelloBytes = 4096;

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private static readonly FrameReadLimits HelloLimits = new() { MaxFrameBytes = MaxHelloBytes };

    // A client that reads nothing for this long is gone in all but name; it must not hold the host up (or awake).
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly HostContext _host;
    private readonly RequestHandler _handler;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, Forwarding> _subscriptions = new();
    private readonly CancellationTokenSource _closing;
    private readonly FrameReadLimits _requestLimits;
    private long _nextSubscriptionId;

    /// <param name="socket">The accepted connection.</param>
    /// <param name="peerUserId">The user the kernel says is connected (<see langword="null"/> where it cannot say).</param>
    /// <param name="host">The host.</param>
    /// <param name="handler">Answers requests.</param>
    /// <param name="requestLimits">How big, how slow and how costly a request may be once the client is admitted.</param>
    /// <param name="stopping">Cancelled when the host stops.</param>
    public ClientSession(Socket socket, uint? peerUserId, HostContext host, RequestHandler handler, FrameReadLimits requestLimits, CancellationToken stopping)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        PeerUserId = peerUserId;
        _host = host;
        _handler = handler;
        _requestLimits = requestLimits;
        _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>The user the kernel says is connected; <see langword="null"/> where the platform cannot say (Windows).</summary>
    public uint? PeerUserId { get; }

    /// <summary>The name recorded as the owner of the jobs this client creates: the connected user's, whatever the request says.</summary>
    public string Owner => UserAccounts.NameOf(PeerUserId);

    /// <summary>Whether the host counted this client in (after a valid hello).</summary>
    public bool Admitted { get; private set; }

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

            while (await FrameCodec.ReadAsync(_stream, _requestLimits, token).ConfigureAwait(false) is { } message)
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

    /// <summary>
    /// Answers the client's hello with a refusal and ends: a client hears why only once it has said hello (it writes
    /// its hello first, and a connection closed before that looks to it like a host that is stopping).
    /// </summary>
    public async Task RefuseAtHelloAsync(TransferErrorCode code, string message)
    {
        var token = _closing.Token;
        try
        {
            if (await ReadHelloAsync(token).ConfigureAwait(false) is not null)
            {
                await RefuseAsync(code, message, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is ProtocolException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Not a client of ours, or gone: nobody to tell.
        }
    }

    /// <summary>The first frame, small and within <see cref="HandshakeTimeout"/>; <see langword="null"/> when the client closed (or was refused for its silence).</summary>
    private async Task<Message?> ReadHelloAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            return await FrameCodec.ReadAsync(_stream, HelloLimits, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await RefuseAsync(TransferErrorCode.BadRequest, $"No hello within {HandshakeTimeout.TotalSeconds:0} s.", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        var first = await ReadHelloAsync(cancellationToken).ConfigureAwait(false);
        switch (first)
        {
            case null:
                return false;
            case Hello hello when hello.Protocol == ProtocolVersion.Current:
                ClientName = string.IsNullOrWhiteSpace(hello.Client) ? ClientName : Printable(hello.Client);
                if (!_host.TryAdmitClient())
                {
                    // Stopping: close without a word, which clients take as "no host" and start another.
                    return false;
                }

                Admitted = true;
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

    /// <summary>At most 100 characters and no control characters: the name goes into the log.</summary>
    private static string Printable(string name) =>
        new([.. name.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);

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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(WriteTimeout);
            await FrameCodec.WriteAsync(_stream, message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Half a frame may be out: the conversation cannot go on. Closing the socket ends RunAsync too.
            _socket.Dispose();
            throw new IOException($"{ClientName} read nothing for {WriteTimeout.TotalSeconds:0} s; closed its connection.");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Opens a subscription with <paramref name="open"/> and returns the id its events will carry. Its events flow
    /// once <see cref="StartEvents"/> is called, after the reply, so that the client hears of the id first.
    /// </summary>
    /// <exception cref="TransferException">The connection already holds <see cref="MaxSubscriptions"/>.</exception>
    public long Subscribe(Func<TransferSubscription> open)
    {
        if (_subscriptions.Count >= MaxSubscriptions)
        {
            throw new TransferException(TransferErrorCode.LimitReached, $"A connection may hold at most {MaxSubscriptions} subscriptions; unsubscribe from some first.");
        }

        var id = Interlocked.Increment(ref _nextSubscriptionId);
        var forwarding = new Forwarding(open(), CancellationTokenSource.CreateLinkedTokenSource(_closing.Token));
        forwarding.Pump = PumpAsync(id, forwarding);
        _subscriptions[id] = forwarding;
        return id;
    }

    public void StartEvents(long id)
    {
        if (_subscriptions.TryGetValue(id, out var forwarding))
        {
            forwarding.Started.TrySetResult();
        }
    }

    /// <summary>Ends a subscription at once: events still buffered for it are dropped, not sent.</summary>
    public bool Unsubscribe(long id)
    {
        if (!_subscriptions.TryRemove(id, out var forwarding))
        {
            return false;
        }

        forwarding.Stop();
        _ = forwarding.Pump.ContinueWith(_ => forwarding.Stopping.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private async Task PumpAsync(long id, Forwarding forwarding)
    {
        var token = forwarding.Stopping.Token;
        try
        {
            await forwarding.Started.Task.WaitAsync(token).ConfigureAwait(false);
            await foreach (var e in forwarding.Subscription.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                // Drops happen while the client is slow to read, so the count rides on the next event it gets.
                var missed = forwarding.Subscription.TakeDropped();
                await SendAsync(new TransferEventMessage(id, e.Kind, e.Transfer, missed > 0 ? missed : null), token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Unsubscribed, or the connection ended (RunAsync notices that too).
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var id in _subscriptions.Keys)
        {
            if (_subscriptions.TryRemove(id, out var forwarding))
            {
                forwarding.Stop();
                await forwarding.Pump.ConfigureAwait(false);
                forwarding.Stopping.Dispose();
            }
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>One subscription being forwarded to this client.</summary>
    private sealed class Forwarding(TransferSubscription subscription, CancellationTokenSource stopping)
    {
        public TransferSubscription Subscription { get; } = subscription;

        public CancellationTokenSource Stopping { get; } = stopping;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Pump { get; set; } = Task.CompletedTask;

        public void Stop()
        {
            Subscription.Dispose();
            Stopping.Cancel();
        }
    }
}
