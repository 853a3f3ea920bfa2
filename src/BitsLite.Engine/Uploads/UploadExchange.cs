using System.Net;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// One request of an upload (a BITS packet or a PUT) through <see cref="HttpSource"/>, judged as downloads are: a local
/// read failure of the body comes out as such (not as a network error), a stall as a transient failure, and 401/407 as
/// the fatal credential failures.
/// </summary>
internal static class UploadExchange
{
    /// <param name="http">Sends with the job's credentials and proxy.</param>
    /// <param name="url">Where the request goes.</param>
    /// <param name="origin">The job's own URL: server credentials (and credential headers) go only to its origin.</param>
    /// <param name="access">The job's credentials and proxy.</param>
    /// <param name="build">Makes the request (again for a proxy fail-over).</param>
    /// <param name="localFailure">Why reading the request's file body failed, if it has one and it did.</param>
    /// <param name="pacer">Watches the exchange for stalls.</param>
    /// <param name="what">Names the request in messages ("Fragment", "the PUT").</param>
    /// <param name="cancellationToken">Stops the exchange.</param>
    public static async Task<LeasedResponse> SendAsync(
        HttpSource http, Uri url, Uri origin, HttpAccess access, Func<HttpRequestMessage> build, Func<TransferFailure?> localFailure, UploadPacer pacer, string what, CancellationToken cancellationToken)
    {
        using var stall = pacer.Watch();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        LeasedResponse leased;
        try
        {
            leased = await http.SendUploadAsync(url, origin, access, build, linked.Token).ConfigureAwait(false);
        }
        catch (Exception) when (localFailure() is not null)
        {
            throw localFailure()!;
        }
        catch (OperationCanceledException ex) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TransferFailure.Transient(
                TransferErrorContext.GeneralTransport,
                $"{url.Authority} neither took nor answered {what} for {pacer.StallTimeout.TotalSeconds:0} s.",
                ex);
        }

        var response = leased.Response;
        TransferFailure? refused = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => FailureClassifier.FromUnauthorized(response, url, origin, access.Credentials),
            HttpStatusCode.ProxyAuthenticationRequired => FailureClassifier.FromProxyUnauthorized(response, http.ProxyFor(access, url), access.Credentials),
            _ => null,
        };
        if (refused is not null)
        {
            leased.Dispose();
            throw refused;
        }

        return leased;
    }
}
