namespace BitsLite.Server.Sessions;

/// <summary>The result of entering a session: on <see cref="SessionLookupStatus.Found"/>, its gate, released on dispose.</summary>
internal sealed class SessionLease : IDisposable
{
    private readonly UploadSession? _session;
    private bool _released;

    private SessionLease(SessionLookupStatus status, UploadSession? session)
    {
        Status = status;
        _session = session;
    }

    public SessionLookupStatus Status { get; }

    /// <summary>The session; only when <see cref="Status"/> is <see cref="SessionLookupStatus.Found"/>.</summary>
    public UploadSession Session => _session ?? throw new InvalidOperationException("No session was entered.");

    public static SessionLease Entered(UploadSession session) => new(SessionLookupStatus.Found, session);

    public static SessionLease Missing(SessionLookupStatus status) => new(status, null);

    public void Dispose()
    {
        if (_session is not null && !_released)
        {
            _released = true;
            _session.Gate.Release();
        }
    }
}
