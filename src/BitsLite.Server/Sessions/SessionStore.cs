using System.Collections.Concurrent;
using BitsLite.Server.Files;
using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Sessions;

/// <summary>
/// The open sessions of one endpoint. All of them are kept in memory and on disk: the store reads the session
/// directory when it starts (a restart loses no session) and deletes what is not a whole session there, and leftover
/// staging files. Expired sessions go two ways: any packet for one finds it expired and deletes it, and a sweep on a
/// <see cref="TimeProvider"/> timer deletes the rest. Ended sessions are remembered for a while, so that a retried
/// Close-Session or Cancel-Session (its Ack was lost) is acknowledged instead of sending the client back to Create-Session.
/// </summary>
internal sealed partial class SessionStore : IDisposable
{
    /// <summary>How long an ended session's id is remembered.</summary>
    private static readonly TimeSpan EndedRetention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, UploadSession> _sessions = new();
    private readonly ConcurrentDictionary<Guid, (SessionEnd End, DateTimeOffset At)> _ended = new();
    private readonly Lock _creation = new();
    private readonly UploadDirectories _directories;
    private readonly TimeSpan _timeout;
    private readonly int? _maxPerClient;
    private readonly int? _maxTotal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ITimer? _sweepTimer;

    public SessionStore(UploadDirectories directories, TimeSpan timeout, int? maxPerClient, int? maxTotal, TimeProvider time, ILogger logger)
    {
        _directories = directories;
        _timeout = timeout;
        _maxPerClient = maxPerClient;
        _maxTotal = maxTotal;
        _time = time;
        _logger = logger;
    }

    public int Count => _sessions.Count;

    /// <summary>Creates the directories, loads the sessions a previous run left, and starts the sweep timer.</summary>
    public void Start(TimeSpan sweepInterval)
    {
        Directory.CreateDirectory(_directories.UploadDirectory);
        Directory.CreateDirectory(_directories.SessionDirectory);
        RemoveStagingLeftovers();
        foreach (var directory in Directory.EnumerateDirectories(_directories.SessionDirectory))
        {
            if (Guid.TryParseExact(Path.GetFileName(directory), "D", out var id)
                && UploadSession.TryLoad(directory, id, out var session)
                && session is not null)
            {
                _sessions[id] = session;
            }
            else
            {
                LogDroppedDirectory(_logger, directory);
                TryDeleteDirectory(directory);
            }
        }

        Sweep();
        _sweepTimer = _time.CreateTimer(_ => Sweep(), null, sweepInterval, sweepInterval);
    }

    /// <summary>
    /// Creates a session, unless the client, or all clients together, have as many as they may: then nothing is created,
    /// not even a directory. Sessions a previous run left count too.
    /// </summary>
    public SessionCreation TryCreate(string clientKey, string requestName, string? fileName, out UploadSession? session)
    {
        session = null;
        lock (_creation)
        {
            if (_maxPerClient is { } max && _sessions.Values.Count(s => s.ClientKey == clientKey && !s.HasEnded) >= max)
            {
                return SessionCreation.ClientLimitReached;
            }

            if (_maxTotal is { } maxTotal && _sessions.Count >= maxTotal)
            {
                return SessionCreation.TotalLimitReached;
            }

            var id = Guid.NewGuid();
            var now = _time.GetUtcNow();
            var directory = _directories.SessionPath(id);
            Directory.CreateDirectory(directory);
            var metadata = new SessionMetadata
            {
                Id = id,
                RequestName = requestName,
                FileName = fileName,
                ClientKey = clientKey,
                CreatedAt = now,
                LastActivity = now,
            };
            session = new UploadSession(directory, metadata, received: 0);
            try
            {
                session.Save();
            }
            catch
            {
                TryDeleteDirectory(directory);
                session.Dispose();
                throw;
            }

            _sessions[id] = session;
            return SessionCreation.Created;
        }
    }

    /// <summary>
    /// Finds a session and takes its gate. A session that expired while idle is deleted here and reported as not found.
    /// </summary>
    public async Task<SessionLease> EnterAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionLease.Missing(EndedStatus(id));
        }

        await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (session.HasEnded)
        {
            session.Gate.Release();
            return SessionLease.Missing(EndedStatus(id));
        }

        var now = _time.GetUtcNow();
        if (IsExpired(session, now))
        {
            End(session, SessionEnd.Expired);
            session.Gate.Release();
            return SessionLease.Missing(SessionLookupStatus.NotFound);
        }

        session.LastActivity = now;
        return SessionLease.Entered(session);
    }

    /// <summary>Ends a session: forgets it and deletes its directory. Call with the session's gate held.</summary>
    public void End(UploadSession session, SessionEnd end)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.HasEnded = true;
        _sessions.TryRemove(session.Id, out _);
        if (end is SessionEnd.Closed or SessionEnd.Cancelled)
        {
            _ended[session.Id] = (end, _time.GetUtcNow());
        }

        TryDeleteDirectory(session.Directory);
        if (end == SessionEnd.Expired)
        {
            LogExpired(_logger, session.Id, session.LastActivity);
        }
    }

    /// <summary>Deletes every expired session that no packet is working on, and forgets old ended sessions.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        var deleted = 0;
        foreach (var session in _sessions.Values)
        {
            if (!IsExpired(session, now) || !session.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                if (!session.HasEnded && IsExpired(session, now))
                {
                    End(session, SessionEnd.Expired);
                    deleted++;
                }
            }
            finally
            {
                session.Gate.Release();
            }
        }

        foreach (var (id, ended) in _ended)
        {
            if (now - ended.At > EndedRetention)
            {
                _ended.TryRemove(id, out _);
            }
        }

        return deleted;
    }

    public void Dispose() => _sweepTimer?.Dispose();

    private bool IsExpired(UploadSession session, DateTimeOffset now) => now - session.LastActivity > _timeout;

    private SessionLookupStatus EndedStatus(Guid id) => _ended.TryGetValue(id, out var ended)
        ? ended.End switch
        {
            SessionEnd.Closed => SessionLookupStatus.Closed,
            SessionEnd.Cancelled => SessionLookupStatus.Cancelled,
            _ => SessionLookupStatus.NotFound,
        }
        : SessionLookupStatus.NotFound;

    private void RemoveStagingLeftovers()
    {
        // A crash between the two moves of FilePlacement, or during a PUT, leaves these; nothing else uses the names.
        foreach (var file in Directory.EnumerateFiles(_directories.UploadDirectory, UploadFileNames.StagingPrefix + "*.partial"))
        {
            TryDeleteFile(file);
        }

        foreach (var file in Directory.EnumerateFiles(_directories.SessionDirectory, UploadDirectories.PutFilePrefix + "*.partial"))
        {
            TryDeleteFile(file);
        }
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, directory, ex);
        }
    }

    private void TryDeleteFile(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, file, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted BITS upload session {SessionId}: idle since {LastActivity:O}")]
    private static partial void LogExpired(ILogger logger, Guid sessionId, DateTimeOffset lastActivity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Directory}: not a readable BITS upload session")]
    private static partial void LogDroppedDirectory(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, string path, Exception exception);
}
