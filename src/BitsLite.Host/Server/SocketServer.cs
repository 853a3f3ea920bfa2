using System.Net.Sockets;
using BitsLite.Host.Hosting;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Security;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Server;

/// <summary>
/// Listens on the user's Unix domain socket. The socket sits in a directory only its owner may enter (0700)
/// and is itself 0600; where the kernel can say who connected, other users are refused even if those modes
/// were loosened. Each client gets its own <see cref="ClientSession"/>, within the host's
/// <see cref="ConnectionLimits"/>: so many connections per user, requests that arrive in time, and a shared budget
/// for the memory of requests still arriving.
/// </summary>
internal sealed class SocketServer : IAsyncDisposable
{
    private readonly HostContext _host;
    private readonly RequestHandler _handler;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sessionsLock = new();
    private readonly HashSet<Task> _sessions = [];
    private readonly FrameBudget _pendingRequests;
    private readonly FrameReadLimits _requestLimits;
    private readonly ConnectionCounter _connections;
    private Task _accepting = Task.CompletedTask;

    private SocketServer(HostContext host, RequestHandler handler, Socket listener)
    {
        _host = host;
        _handler = handler;
        _listener = listener;
        var limits = host.Arguments.Connections;
        _pendingRequests = new FrameBudget(limits.PendingRequestBytes);
        _requestLimits = new FrameReadLimits { MaxFrameBytes = ClientSession.MaxRequestBytes, FrameTimeout = limits.FrameTimeout, Budget = _pendingRequests };
        _connections = new ConnectionCounter(limits.MaxConnectionsPerUser);
    }

    /// <summary>Binds the socket (replacing a stale one: the caller holds the instance lock) and starts accepting.</summary>
    /// <exception cref="TransferException">The socket's directory is unusable or the path too long.</exception>
    public static SocketServer Start(HostContext host, RequestHandler handler)
    {
        var path = host.Paths.Socket;
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new TransferException(TransferErrorCode.HostFailure, $"The socket path '{path}' is too long for a Unix socket; choose a shorter BITSLITE_HOME.", ex);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(endpoint);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, OwnerOnlyFile.Mode);
            }

            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var server = new SocketServer(host, handler, listener);
        server._accepting = server.AcceptLoopAsync();
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        var uid = PeerCredentials.CurrentUserId();
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors and the like: say so, pause, and keep serving.
                _host.Log.Warn($"Accepting a connection failed: {ex.Message}");
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            Track(ServeAsync(client, uid));
        }
    }

    private async Task ServeAsync(Socket client, uint? ownUid)
    {
        await Task.Yield();
        var peer = ownUid is null ? null : PeerCredentials.UserIdOf(client);
        var session = new ClientSession(client, peer, _host, _handler, _requestLimits, _stopping.Token);
        await using (session.ConfigureAwait(false))
        {
            try
            {
                if (peer is not null && peer != ownUid)
                {
                    _host.Log.Warn($"Refused a connection from user id {peer}: this host belongs to user id {ownUid}.");
                    await session.RefuseAsync(TransferErrorCode.AccessDenied, "This BitsLite host belongs to another user; each user runs their own.", _stopping.Token).ConfigureAwait(false);
                    return;
                }

                var user = peer ?? uint.MaxValue;
                if (!_connections.TryEnter(user, out var firstRefusal))
                {
                    if (firstRefusal)
                    {
                        // Once per crowd, not once per connection: a flood must not wash the rest of the log away.
                        _host.Log.Warn($"Refusing connections of user id {user}: it holds {_connections.Max} already, the most allowed ({ConnectionLimits.MaxConnectionsVariable}).");
                    }

                    await session.RefuseAtHelloAsync(
                        TransferErrorCode.LimitReached,
                        $"This BitsLite host already serves {_connections.Max} connections of yours, the most it allows ({ConnectionLimits.MaxConnectionsVariable}); "
                        + "close some (other bitslite commands or PowerShell sessions that wait on transfers) and try again.").ConfigureAwait(false);
                    return;
                }

                try
                {
                    await session.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _connections.Leave(user);
                }
            }
#pragma warning disable CA1031 // One client's failure must never take the host down.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _host.Log.Error($"The session of {session.ClientName} failed.", ex);
            }
            finally
            {
                if (session.Admitted)
                {
                    _host.ClientLeft();
                }
            }
        }
    }

    private void Track(Task session)
    {
        lock (_sessionsLock)
        {
            _sessions.Add(session);
        }

        _ = session.ContinueWith(
            t =>
            {
                if (t.Exception is { } failure)
                {
                    _host.Log.Error("A client session ended with an error.", failure.GetBaseException());
                }

                lock (_sessionsLock)
                {
                    _sessions.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Stops accepting, ends every session, and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] sessions;
        lock (_sessionsLock)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        try
        {
            File.Delete(_host.Paths.Socket);
        }
        catch (IOException)
        {
            // The next host replaces a stale socket anyway.
        }

        _stopping.Dispose();
        _pendingRequests.Dispose();
    }
}
