using System.Collections.Concurrent;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Runs upload jobs (Upload and UploadReply) for the job runner, by the job's upload method, and ends their BITS
/// sessions when they are cancelled: a best-effort Cancel-Session in the background, which the engine waits for when
/// it stops.
/// </summary>
internal sealed class Uploader
{
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);

    private readonly BitsUploader _bits;
    private readonly PutUploader _put;
    private readonly HttpSource _http;
    private readonly BandwidthThrottle _throttle;
    private readonly JobStateChanger _changer;
    private readonly TransferEngineOptions _options;
    private readonly ConcurrentDictionary<Task, bool> _cancelling = new();

    public Uploader(HttpSource http, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options)
    {
        _http = http;
        _throttle = throttle;
        _changer = changer;
        _options = options;
        _bits = new BitsUploader(http, throttle, changer, options);
        _put = new PutUploader(http, throttle, changer, options);
    }

    /// <summary>Uploads the job's file (<paramref name="onFlowing"/> runs once the server took part); returns when it is all on the server.</summary>
    public async Task UploadAsync(TransferJob job, Action onFlowing, CancellationToken cancellationToken)
    {
        TransferFile file;
        UploadMethod method;
        bool hasSession;
        lock (job.Gate)
        {
            file = job.Files[0];
            method = job.Options.UploadMethod;
            hasSession = job.Upload.SessionId is not null;
            if (file.IsTransferred)
            {
                return;
            }
        }

        try
        {
            if (method == UploadMethod.Put)
            {
                if (hasSession)
                {
                    // The method changed from Bits: that session will not be used any more.
                    CancelSession(job);
                    _changer.Checkpoint(job, file, f => f.CheckpointedBytes = 0);
                }

                await _put.UploadAsync(job, file, onFlowing, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _bits.UploadAsync(job, file, onFlowing, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TransferFailure failure)
        {
            failure.FileSource ??= file.Source;
            throw;
        }
    }

    /// <summary>
    /// Forgets the job's BITS session (the caller saves the job) and sends Cancel-Session for it in the background, so
    /// the server can let go of the partial upload at once. Best effort: a server that cannot be reached drops the
    /// session when it expires. Call with the job's runner stopped.
    /// </summary>
    public void CancelSession(TransferJob job)
    {
        string? session, host;
        TransferFile? file;
        IReadOnlyList<string> headers;
        HttpAccess access;
        lock (job.Gate)
        {
            session = job.Upload.SessionId;
            host = job.Upload.HostId;
            file = job.Files.Count > 0 ? job.Files[0] : null;
            headers = job.Options.CustomHeaders;
            access = HttpAccess.ForJob(job);
            job.Upload.ForgetSession();
        }

        if (session is null || file is null)
        {
            return;
        }

        var pacer = new UploadPacer(job, file, _throttle, _changer, _options);
        var bits = new BitsUploadSession(_http, new Uri(file.Destination), access, headers, pacer, _options.TimeProvider)
        {
            SessionId = session,
            HostId = host,
        };
        var task = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(CancelTimeout, _options.TimeProvider);
            try
            {
                await bits.CancelAsync(timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort: the job is cancelled whatever the server says.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        });
        _cancelling.TryAdd(task, true);
        _ = task.ContinueWith(t => _cancelling.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for the Cancel-Session requests under way (each gives up after a few seconds).</summary>
    public Task DrainAsync() => Task.WhenAll(_cancelling.Keys);
}
