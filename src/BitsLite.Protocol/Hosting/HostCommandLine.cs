namespace BitsLite.Protocol.Hosting;

/// <summary>
/// What a client that starts <c>bitslite-host</c> and the host itself agree on besides the socket: the host's
/// arguments and the exit code that means "another host already serves this user".
/// </summary>
public static class HostCommandLine
{
    /// <summary>Tells the host a client started it: it leaves the caller's session and may exit when idle.</summary>
    public const string StartedByClient = "--started-by-client";

    /// <summary>Followed by seconds: how long a client-started host stays up with nothing to do (0 = never).</summary>
    public const string IdleTimeout = "--idle-timeout";

    /// <summary>
    /// Another host holds the lock. Not a failure: a launcher that lost a race waits for the winner, and a
    /// service manager must not restart the host in a loop.
    /// </summary>
    public const int ExitAlreadyRunning = 3;
}
