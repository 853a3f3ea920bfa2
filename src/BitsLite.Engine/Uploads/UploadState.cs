using BitsLite.Engine.LocalFiles;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// What an upload job knows of its server-side session and its reply. Guarded by its job's lock; everything but
/// <see cref="ReplyBytesTransferred"/> and <see cref="HostIdFailingSince"/> is saved with the job.
/// </summary>
internal sealed class UploadState
{
    /// <summary>The BITS session the server gave (Create-Session), or <see langword="null"/> when none is open.</summary>
    public string? SessionId { get; set; }

    /// <summary>The server name that the session's packets go to (BITS-Host-Id), when the server named one.</summary>
    public string? HostId { get; set; }

    /// <summary>How long the client may fail to reach <see cref="HostId"/> before it starts over at the job's own URL (in memory only).</summary>
    public TimeSpan? HostIdFallbackTimeout { get; set; }

    /// <summary>When reaching <see cref="HostId"/> first failed (a timestamp of the engine's clock), if it is failing now.</summary>
    public long? HostIdFailingSince { get; set; }

    /// <summary>Where the reply of an UploadReply job can be fetched (BITS-Reply-URL of the last fragment's Ack).</summary>
    public string? ReplyUrl { get; set; }

    /// <summary>The reply's size once it is whole and durable in its temporary file, else -1.</summary>
    public long ReplyBytesTotal { get; set; } = -1;

    /// <summary>The hidden temporary file beside the reply file (UploadReply jobs), which Complete renames into place.</summary>
    public string? ReplyTempPath { get; set; }

    /// <summary>That file's identity, recorded when it was created (see <see cref="PartFile"/>).</summary>
    public PartFileIdentity? ReplyTempIdentity { get; set; }

    /// <summary>Reply bytes received so far (in memory; equal to <see cref="ReplyBytesTotal"/> once received).</summary>
    public long ReplyBytesTransferred { get; set; }

    /// <summary>
    /// Whether Close-Session has been sent for <see cref="SessionId"/>: every byte was acknowledged (and any reply
    /// fetched), so a later attempt only closes again, and a server that no longer knows the session has closed it.
    /// </summary>
    public bool Closing { get; set; }

    /// <summary>Whether the whole reply is in its temporary file and that is on disk.</summary>
    public bool ReplyReceived => ReplyBytesTotal >= 0;

    /// <summary>Forgets the session (and the host it lived on); the next attempt creates a new one.</summary>
    public void ForgetSession()
    {
        SessionId = null;
        HostId = null;
        HostIdFallbackTimeout = null;
        HostIdFailingSince = null;
        ReplyUrl = null;
        Closing = false;
    }
}
