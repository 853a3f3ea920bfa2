using BitsLite.Engine.Jobs;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Uploads one job's file with the BITS upload protocol: Ping and Create-Session (the session is saved with the job),
/// Fragments in order (sized by <see cref="FragmentSizer"/>, at most <see cref="TransferEngineOptions.UploadFragmentSize"/>),
/// each checkpointed when its Ack says how far the server got, then for UploadReply jobs the reply, and Close-Session.
/// </summary>
/// <remarks>
/// The server's word counts, never the local checkpoint: a resumed session (after a failure or a restart) first sends
/// the last acknowledged byte again as a one-byte Fragment, a pure overlap the server writes nothing of, and its Ack
/// says where the server stands; every Ack's BITS-Received-Content-Range moves the upload there, back (a server that
/// lost bytes, or a 416 for a gap) or forward (bytes that arrived before a connection broke). A session the server no
/// longer knows starts over with a new one, from byte 0.
/// </remarks>
internal sealed class BitsUploader
{
    // Sessions lost in a row within one attempt before that counts as a (transient) failure.
    private const int MaxSessionRestarts = 2;

    // Answers in a row that move the upload no further before that counts as a (transient) failure.
    private const int MaxStalledAcks = 4;

    private readonly HttpSource _http;
    private readonly BandwidthThrottle _throttle;
    private readonly JobStateChanger _changer;
    private readonly ReplyDownloader _replies;
    private readonly TransferEngineOptions _options;

    public BitsUploader(HttpSource http, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options)
    {
        _http = http;
        _throttle = throttle;
        _changer = changer;
        _options = options;
        _replies = new ReplyDownloader(http, changer, options);
    }

    public async Task UploadAsync(TransferJob job, TransferFile file, Action onFlowing, CancellationToken cancellationToken)
    {
        var total = LocalUploadFile.EnsureUnchanged(job, file, _changer);
        if (total == 0)
        {
            throw TransferFailure.Fatal(
                TransferErrorContext.LocalFile,
                $"'{file.Source}' is empty, and the BITS upload protocol cannot send an empty file; use the Put upload method.");
        }

        IReadOnlyList<string> headers;
        HttpAccess access;
        bool wantsReply;
        lock (job.Gate)
        {
            headers = job.Options.CustomHeaders;
            access = HttpAccess.ForJob(job);
            wantsReply = job.Type == TransferType.UploadReply;
        }

        var pacer = new UploadPacer(job, file, _throttle, _changer, _options);
        var remote = new Uri(file.Destination);
        var session = new BitsUploadSession(_http, remote, access, headers, pacer, _options.TimeProvider);
        try
        {
            bool closing;
            lock (job.Gate)
            {
                closing = job.Upload.Closing && job.Upload.SessionId is not null;
                session.SessionId = job.Upload.SessionId;
                session.HostId = job.Upload.HostId;
            }

            if (closing)
            {
                // Close-Session went out before: everything else was done then.
                onFlowing();
                await CloseAsync(job, file, session, total, cancellationToken).ConfigureAwait(false);
                return;
            }

            await SendAsync(job, file, session, pacer, total, wantsReply, onFlowing, cancellationToken).ConfigureAwait(false);
            if (wantsReply)
            {
                string replyUrl;
                bool received;
                lock (job.Gate)
                {
                    replyUrl = job.Upload.ReplyUrl!;
                    received = job.Upload.ReplyReceived;
                }

                if (!received)
                {
                    // Before Close-Session: the server deletes the reply with the session.
                    await _replies.DownloadAsync(job, new Uri(session.Target, replyUrl), remote, access, headers, pacer, cancellationToken).ConfigureAwait(false);
                }
            }

            await CloseAsync(job, file, session, total, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (job.Gate)
            {
                // Bytes sent but not acknowledged are not the server's yet.
                file.BytesTransferred = file.CheckpointedBytes;
            }
        }
    }

    /// <summary>Sends fragments until the server acknowledges the whole file (and, for UploadReply, names the reply's URL).</summary>
    private async Task SendAsync(TransferJob job, TransferFile file, BitsUploadSession session, UploadPacer pacer, long total, bool wantsReply, Action onFlowing, CancellationToken cancellationToken)
    {
        long offset;
        bool probe;
        lock (job.Gate)
        {
            session.SessionId = job.Upload.SessionId;
            session.HostId = job.Upload.HostId;
            offset = Math.Min(file.CheckpointedBytes, total);
        }

        if (session.SessionId is null)
        {
            await OpenAsync(job, file, session, cancellationToken).ConfigureAwait(false);
            (offset, probe) = (0, false);
        }
        else
        {
            // Ask the server where it stands rather than trust the checkpoint.
            probe = offset > 0;
        }

        onFlowing();
        var (restarts, stalled, askedForReply) = (0, 0, false);
        var sizer = new FragmentSizer(_options.UploadFragmentSize);
        var name = Path.GetFileName(file.Source);
        while (offset < total || probe)
        {
            LocalUploadFile.EnsureUnchanged(job, file, _changer);
            var (from, length) = probe ? (offset - 1, 1L) : (offset, Math.Min(sizer.Next, total - offset));
            var started = pacer.Now();
            BitsAck ack;
            try
            {
                ack = await session.FragmentAsync(from, length, total, from == 0 ? name : null, () => new FileRegionContent(file.Source, from, length, pacer), cancellationToken).ConfigureAwait(false);
                Reached(job);
            }
            catch (TransferFailure failure) when (failure is { IsTransient: true, Context: TransferErrorContext.GeneralTransport } && session.HostId is not null)
            {
                Unreachable(job, file, pacer);
                throw;
            }

            if (ack is { IsSuccess: false, PacketType: null, Status: 413 or 404 } && sizer.RefusedAsTooLarge(length))
            {
                // Not the BITS server's answer: something in front of it limits request sizes. Smaller fragments.
                continue;
            }

            if (ack.IsSessionNotFound)
            {
                if (++restarts > MaxSessionRestarts)
                {
                    throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"The server keeps losing the upload session for {session.Target} (BG_E_SESSION_NOT_FOUND).");
                }

                // The server forgot the session (it expired, or the server restarted): a new one starts from byte 0.
                Forget(job, file);
                await OpenAsync(job, file, session, cancellationToken).ConfigureAwait(false);
                (offset, probe) = (0, false);
                continue;
            }

            long next;
            if (ack.Status == 416)
            {
                // A gap: the server has fewer bytes than that fragment assumed. Without its range, send from byte 0,
                // which is never a gap and whose Ack says where the server is.
                next = ack.ReceivedRange ?? 0;
            }
            else if (ack.IsSuccess)
            {
                next = ack.ReceivedRange ?? from + length;
            }
            else
            {
                throw BitsFailures.FromAck(ack, BitsPackets.Fragment, session.Target);
            }

            if (next > total || next < 0)
            {
                throw BitsFailures.Protocol(session.Target, $"its Ack says it has {next:N0} bytes of a {total:N0}-byte file.");
            }

            stalled = next > offset || (probe && next == offset) ? 0 : stalled + 1;
            if (stalled > MaxStalledAcks)
            {
                throw new TransferFailure(
                    true,
                    TransferErrorContext.RemoteFile,
                    $"The server keeps answering {ack.Status} without taking the bytes from {offset:N0} on ({session.Target}).",
                    ack.Status);
            }

            if (ack.IsSuccess && !probe)
            {
                sizer.Sent(length, pacer.Since(started));
            }

            Acknowledge(job, file, next, ack.ReplyUrl);
            (offset, probe) = (next, false);
            if (offset == total && wantsReply && ReplyUrl(job) is null)
            {
                if (askedForReply)
                {
                    throw TransferFailure.Fatal(
                        TransferErrorContext.RemoteApplication,
                        $"The server took the whole file but gave no reply's URL (BITS-Reply-URL) for {session.Target}; is it set up for upload-reply jobs?");
                }

                // The Ack of the final fragment carries the reply's URL: ask again with the last byte.
                (askedForReply, probe) = (true, true);
            }
        }
    }

    /// <summary>Ping (which also settles authentication before a body is sent), then Create-Session; the session is saved at once.</summary>
    private async Task OpenAsync(TransferJob job, TransferFile file, BitsUploadSession session, CancellationToken cancellationToken)
    {
        (session.SessionId, session.HostId) = (null, null);

        // Optional in the protocol: an answer other than an Ack is left for Create-Session to explain.
        await session.PingAsync(cancellationToken).ConfigureAwait(false);
        var ack = await session.CreateAsync(cancellationToken).ConfigureAwait(false);
        if (!ack.IsSuccess)
        {
            throw BitsFailures.FromAck(ack, BitsPackets.CreateSession, session.Target);
        }

        if (string.IsNullOrWhiteSpace(ack.SessionId))
        {
            throw BitsFailures.Protocol(session.Target, $"its answer to Create-Session ({ack.Status}) has no BITS-Session-Id; it may not take BITS uploads (the Put upload method may work).");
        }

        if (ack.Protocol is { } protocol && !string.Equals(protocol.Trim(), BitsPackets.Upload15, StringComparison.OrdinalIgnoreCase))
        {
            throw BitsFailures.Protocol(session.Target, $"it chose the protocol {protocol}, which was not offered.");
        }

        session.SessionId = ack.SessionId.Trim();
        session.HostId = string.IsNullOrWhiteSpace(ack.HostId) ? null : ack.HostId.Trim();
        _changer.Checkpoint(job, file, f =>
        {
            job.Upload.ForgetSession();
            job.Upload.SessionId = session.SessionId;
            job.Upload.HostId = session.HostId;
            job.Upload.HostIdFallbackTimeout = ack.HostIdFallbackTimeout;
            f.CheckpointedBytes = 0;
            f.BytesTransferred = 0;
        });
    }

    /// <summary>Close-Session, retried (as a transient failure) on 5xx; then the upload is done.</summary>
    private async Task CloseAsync(TransferJob job, TransferFile file, BitsUploadSession session, long total, CancellationToken cancellationToken)
    {
        bool recorded;
        lock (job.Gate)
        {
            recorded = job.Upload.Closing;
        }

        if (!recorded)
        {
            _changer.Checkpoint(job, file, _ => job.Upload.Closing = true);
        }

        var ack = await session.CloseAsync(cancellationToken).ConfigureAwait(false);

        // Not found: the session is gone already (an earlier Close got through but its answer did not); every byte was
        // acknowledged, so there is nothing left to do for it.
        if (!ack.IsSuccess && !ack.IsSessionNotFound)
        {
            throw BitsFailures.FromAck(ack, BitsPackets.CloseSession, session.Target);
        }

        _changer.Checkpoint(job, file, f =>
        {
            job.Upload.ForgetSession();
            f.BytesTotal = total;
            f.CheckpointedBytes = total;
            f.BytesTransferred = total;
            f.IsTransferred = true;
        });
        _changer.ReportProgress(job, force: true);
    }

    /// <summary>Records what the server acknowledged; new ground restarts the retry timeout's clock.</summary>
    private void Acknowledge(TransferJob job, TransferFile file, long next, string? replyUrl)
    {
        _changer.Checkpoint(job, file, f =>
        {
            f.CheckpointedBytes = next;
            f.BytesTransferred = next;
            if (next > f.HighWater)
            {
                f.HighWater = next;
                job.LastProgressTime = _changer.Now;
            }

            if (!string.IsNullOrWhiteSpace(replyUrl))
            {
                job.Upload.ReplyUrl = replyUrl.Trim();
            }
        });
        _changer.ReportProgress(job);
    }

    private void Forget(TransferJob job, TransferFile file) => _changer.Checkpoint(job, file, f =>
    {
        job.Upload.ForgetSession();
        f.CheckpointedBytes = 0;
        f.BytesTransferred = 0;
    });

    private static string? ReplyUrl(TransferJob job)
    {
        lock (job.Gate)
        {
            return job.Upload.ReplyUrl;
        }
    }

    private static void Reached(TransferJob job)
    {
        lock (job.Gate)
        {
            job.Upload.HostIdFailingSince = null;
        }
    }

    /// <summary>
    /// The host the server named for the session cannot be reached. Once that has lasted the server's fallback timeout
    /// (BITS-Host-Id-Fallback-Timeout; none means never), the session is given up: the next attempt starts a new one at
    /// the job's own URL.
    /// </summary>
    private void Unreachable(TransferJob job, TransferFile file, UploadPacer pacer)
    {
        bool giveUp;
        lock (job.Gate)
        {
            var since = job.Upload.HostIdFailingSince ??= pacer.Now();
            giveUp = job.Upload.HostIdFallbackTimeout is { } timeout && pacer.Since(since) >= timeout;
        }

        if (giveUp)
        {
            Forget(job, file);
        }
    }
}
