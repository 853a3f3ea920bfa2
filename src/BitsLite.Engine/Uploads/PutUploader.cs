using BitsLite.Engine.Jobs;
using BitsLite.Engine.Throttling;
using BitsLite.Engine.Transport;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Uploads one job's file with a single plain HTTP PUT, for servers that do not speak the BITS protocol. A plain PUT
/// cannot be resumed, so every attempt sends the whole file from byte 0; nothing counts as acknowledged until the
/// server answers 2xx.
/// </summary>
internal sealed class PutUploader
{
    private readonly HttpSource _http;
    private readonly BandwidthThrottle _throttle;
    private readonly JobStateChanger _changer;
    private readonly TransferEngineOptions _options;

    public PutUploader(HttpSource http, BandwidthThrottle throttle, JobStateChanger changer, TransferEngineOptions options)
    {
        _http = http;
        _throttle = throttle;
        _changer = changer;
        _options = options;
    }

    public async Task UploadAsync(TransferJob job, TransferFile file, Action onFlowing, CancellationToken cancellationToken)
    {
        var total = LocalUploadFile.EnsureUnchanged(job, file, _changer);
        IReadOnlyList<string> headers;
        HttpAccess access;
        lock (job.Gate)
        {
            headers = job.Options.CustomHeaders;
            access = HttpAccess.ForJob(job);
        }

        if (file.CheckpointedBytes != 0)
        {
            _changer.Checkpoint(job, file, f => f.CheckpointedBytes = 0);
        }

        var url = new Uri(file.Destination);
        var pacer = new UploadPacer(job, file, _throttle, _changer, _options);
        FileRegionContent? body = null;
        HttpRequestMessage Build()
        {
            body = new FileRegionContent(file.Source, 0, total, pacer);
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = body };
            HttpRequests.AddCustomHeaders(request, url, headers, access);
            return request;
        }

        try
        {
            onFlowing();
            using var leased = await UploadExchange.SendAsync(_http, url, url, access, Build, () => body?.LocalFailure, pacer, "the PUT", cancellationToken).ConfigureAwait(false);
            if (!leased.Response.IsSuccessStatusCode)
            {
                throw FailureClassifier.FromStatus(leased.Response, url, _options.TimeProvider.GetUtcNow());
            }

            LocalUploadFile.EnsureUnchanged(job, file, _changer);
            _changer.Checkpoint(job, file, f =>
            {
                f.BytesTotal = total;
                f.CheckpointedBytes = total;
                f.BytesTransferred = total;
                f.IsTransferred = true;
                if (total > f.HighWater)
                {
                    f.HighWater = total;
                    job.LastProgressTime = _changer.Now;
                }
            });
            _changer.ReportProgress(job, force: true);
        }
        finally
        {
            lock (job.Gate)
            {
                file.BytesTransferred = file.CheckpointedBytes;
            }
        }
    }
}
