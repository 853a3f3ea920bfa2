using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>Turns HTTP answers and exceptions into <see cref="TransferFailure"/>s: the one place that decides transient versus fatal.</summary>
internal static class FailureClassifier
{
    /// <summary>5xx, 408 and 429 are worth retrying; every other 4xx needs a person.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static TransferFailure FromStatus(HttpResponseMessage response, Uri url, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var transient = IsTransientStatus(response.StatusCode);
        var retryAfter = transient ? RetryAfter(response.Headers.RetryAfter, now) : null;
        var message = $"The server answered {status} {response.ReasonPhrase} for {url}.";
        return new TransferFailure(transient, TransferErrorContext.RemoteFile, message, status, retryAfter);
    }

    /// <summary>Failures while talking to the server (connecting, reading headers or body).</summary>
    public static TransferFailure FromNetwork(Exception ex, Uri url) => ex switch
    {
        TransferFailure failure => failure,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
            TransferFailure.Fatal(TransferErrorContext.ServerCertificateCallback, $"The TLS connection to {url.Authority} failed: {ex.Message}", ex),
        HttpRequestException or HttpIOException or IOException or SocketException or TimeoutException =>
            TransferFailure.Transient(TransferErrorContext.GeneralTransport, $"The connection to {url.Authority} failed: {Describe(ex)}", ex),
        _ => TransferFailure.Fatal(TransferErrorContext.Unknown, $"Unexpected failure talking to {url.Authority}: {ex.Message}", ex),
    };

    /// <summary>Failures of the local temporary file. A full disk may clear up; missing rights or directories need a person.</summary>
    public static TransferFailure FromLocalFile(Exception ex, string path) => ex switch
    {
        UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException =>
            TransferFailure.Fatal(TransferErrorContext.LocalFile, $"Cannot write '{path}': {ex.Message}", ex),
        _ => TransferFailure.Transient(TransferErrorContext.LocalFile, $"Writing '{path}' failed: {ex.Message}", ex),
    };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost == ex ? ex.Message : $"{ex.Message} ({innermost.Message})";
    }
}
