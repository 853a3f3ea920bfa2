using System.Net.Sockets;
using BitsLite.Host.Hosting;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Security;

namespace BitsLite.Host.Server;

/// <summary>
/// Listens on the user's Unix domain socket. The socket sits in a directory only its owner may enter (0700)
/// and is itself 0600; where the kernel can say who connected, other users are refused even if those modes
/// were loosened. Each client gets its own <see cref="ClientSession"/>.
/// </summary>
internal sealed class SocketServer : IAsyncDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly HostContext _host;
    private readonly RequestHandler _handler;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sessionsLock = new();
    private readonly HashSet<Task> _sessions = [];
    private Task _accepting = Task.CompletedTask;

    private SocketServer(HostContext host, RequestHandler handler, Socket listener)
    {
        _host = host;
        _handler = handler;
        _listener = listener;
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
                File.SetUnixFileMode(path, OwnerOnlyFile);
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

    /// <summary>Creates the socket's directory owner-only, or makes it so; refuses one that is a symbolic link.</summary>
    /// <exception cref="TransferException">The directory is a link, or not ours (chmod is refused).</exception>
    public static void PrepareDirectory(string directory)
    {
        var info = OwnerOnlyDirectory.Create(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (info.LinkTarget is not null)
        {
            throw new TransferException(TransferErrorCode.HostFailure, $"The socket directory '{directory}' is a symbolic link; remove it, it is not BitsLite's.");
        }

        if (info.UnixFileMode != OwnerOnlyDirectory.Mode)
        {
            // Ours but too open (made by hand, or by an older tool): close it before a socket appears in it.
            // Only the owner may chmod, so a directory another user planted fails here.
            try
            {
                File.SetUnixFileMode(directory, OwnerOnlyDirectory.Mode);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new TransferException(TransferErrorCode.HostFailure, $"The socket directory '{directory}' belongs to another user; remove it or choose another BITSLITE_HOME.", ex);
            }
        }
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
        var session = new ClientSession(client, _host, _handler, _stopping.Token);
        await using (session.ConfigureAwait(false))
        {
            try
            {
                var peer = ownUid is null ? null : PeerCredentials.UserIdOf(client);
                if (peer is not null && peer != ownUid)
                {
                    _host.Log.Warn($"Refused a connection from user id {peer}: this host belongs to user id {ownUid}.");
                    await session.RefuseAsync(TransferErrorCode.AccessDenied, "This BitsLite host belongs to another user; each user runs their own.", _stopping.Token).ConfigureAwait(false);
                    return;
                }

                await session.RunAsync().ConfigureAwait(false);
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
    }
}
