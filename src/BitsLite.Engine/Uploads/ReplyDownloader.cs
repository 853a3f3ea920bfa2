using System.Buffers;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Running;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Fetches an UploadReply job's reply (from BITS-Reply-URL) into a hidden temporary file beside the reply file, which
/// Complete renames into place, like a download's. Replies are small: an interrupted one is fetched again whole.
/// </summary>
internal sealed class ReplyDownloader
{
    private const int BufferSize = 256 * 1024;

    private readonly HttpSource _http;
    private readonly JobStateChanger _changer;
    private readonly TransferEngineOptions _options;
    private readonly PartFileOpener _parts;

    public ReplyDownloader(HttpSource http, JobStateChanger changer, TransferEngineOptions options)
    {
        _http = http;
        _changer = changer;
        _options = options;
        _parts = new PartFileOpener(changer, options.Log);
    }

    public async Task DownloadAsync(TransferJob job, Uri reply, Uri upload, HttpAccess access, IReadOnlyList<string> headers, UploadPacer pacer, CancellationToken cancellationToken)
    {
        if (reply.Scheme != Uri.UriSchemeHttp && reply.Scheme != Uri.UriSchemeHttps)
        {
            throw BitsFailures.Protocol(upload, $"the reply's URL {reply} is not an http(s) URL.");
        }

        // The job's server credentials (and custom headers) are for its own server; a reply elsewhere gets none.
        if (!SchemeCredentials.SameOrigin(reply, upload))
        {
            var keep = access.SendCustomHeadersToOtherOrigins;
            access = new HttpAccess([.. access.Credentials.Where(c => c.Target == TransferCredentialTarget.Proxy)], access.Proxy) { SendCustomHeadersToOtherOrigins = keep };
            headers = keep ? [.. headers.Where(h => !HttpRequests.CredentialHeaders.Contains(h[..h.IndexOf(':', StringComparison.Ordinal)].Trim()))] : [];
        }

        lock (job.Gate)
        {
            job.Upload.ReplyBytesTransferred = 0;
        }

        using var response = await _http.OpenAsync(reply, 0, null, headers, access, cancellationToken).ConfigureAwait(false);
        var position = 0L;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var part = _parts.OpenReply(job);
            var temp = part.Path;
            await using var file = part.Stream;
            if (response.Length is { } total)
            {
                PartFileOpener.Reserve(part, total, job.ReplyFile!);
            }

            using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            while (true)
            {
                int read;
                try
                {
                    stall.CancelAfter(_options.StallTimeout);
                    read = await response.Body.ReadAsync(buffer.AsMemory(0, Math.Min(BufferSize, pacer.ChunkSize())), reading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw FailureClassifier.Stalled(reply, _options.StallTimeout, ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw FailureClassifier.FromNetwork(ex, reply);
                }

                if (read == 0)
                {
                    break;
                }

                try
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw FailureClassifier.FromLocalFile(ex, temp);
                }

                position += read;
                await pacer.ReceivedReplyAsync(position, read, cancellationToken).ConfigureAwait(false);
            }

            if (response.Length is { } length && position != length)
            {
                throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"The reply {reply} ended after {position:N0} of {length:N0} bytes.");
            }

            try
            {
                file.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw FailureClassifier.FromLocalFile(ex, temp);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _changer.Checkpoint(job, job.Files[0], _ =>
        {
            job.Upload.ReplyBytesTotal = position;
            job.Upload.ReplyBytesTransferred = position;
        });
        _changer.ReportProgress(job, force: true);
    }
}
