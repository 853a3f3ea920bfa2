using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using BitsLite.Engine.LocalFiles;
using BitsLite.Protocol.Text;
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

    /// <summary>
    /// A 401: the server refused the job's credentials, needs some it does not have, or was reached by a redirect to
    /// another origin, which never gets them. Fatal: retrying cannot help until someone changes the credentials.
    /// </summary>
    public static TransferFailure FromUnauthorized(HttpResponseMessage response, Uri url, Uri original, IReadOnlyList<TransferCredential> credentials)
    {
        var offered = Offered(response.Headers.WwwAuthenticate);
        var origin = original.GetLeftPart(UriPartial.Authority);
        string message;
        if (!SchemeCredentials.SameOrigin(url, original))
        {
            message = $"{url} needs credentials (HTTP 401; {Describe(offered)}), but it was reached by a redirect from {original}: "
                + $"the job's credentials are sent only to {origin}.";
        }
        else
        {
            message = Describe("The server " + url.Authority, $" for {url}", "Server", credentials, TransferCredentialTarget.Server, offered, 401);
        }

        return new TransferFailure(false, TransferErrorContext.RemoteFile, message + ".", (int)HttpStatusCode.Unauthorized);
    }

    /// <summary>A 407 from <paramref name="proxy"/> (when known): it refused the job's Proxy credentials or needs some. Fatal.</summary>
    public static TransferFailure FromProxyUnauthorized(HttpResponseMessage? response, Uri? proxy, IReadOnlyList<TransferCredential> credentials)
    {
        var offered = response is null ? [] : Offered(response.Headers.ProxyAuthenticate);
        var who = proxy is null ? "The proxy" : "The proxy " + proxy.Authority;
        var message = Describe(who, "", "Proxy", credentials, TransferCredentialTarget.Proxy, offered, 407);
        return new TransferFailure(false, TransferErrorContext.GeneralTransport, message + ".", (int)HttpStatusCode.ProxyAuthenticationRequired);
    }

    /// <summary>
    /// Names the user whose credential was tried, never a password. The handler tries the strongest offered scheme the
    /// job has a credential for (Negotiate, NTLM, Digest, Basic).
    /// </summary>
    private static string Describe(string who, string about, string kind, IReadOnlyList<TransferCredential> credentials, TransferCredentialTarget target, IReadOnlyList<string> offered, int status)
    {
        var own = credentials.Where(c => c.Target == target).ToList();
        var tried = own
            .Where(c => offered.Contains(HttpAccess.SchemeName(c.Scheme), StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Scheme)
            .FirstOrDefault();
        if (tried is not null)
        {
            return $"{who} rejected the credentials for user '{tried.UserName}' (HTTP {status}, {HttpAccess.SchemeName(tried.Scheme)}){about}; "
                + $"check the user name and password and set the job's {kind} credentials again";
        }

        if (own.Count == 0)
        {
            return $"{who} needs credentials (HTTP {status}; {Describe(offered)}){about}; give the job a {kind} credential";
        }

        var schemes = string.Join(", ", own.Select(c => HttpAccess.SchemeName(c.Scheme)));
        return $"{who} needs credentials (HTTP {status}; {Describe(offered)}){about}, but the job's {kind} credentials are for {schemes} only";
    }

    private static string Describe(IReadOnlyList<string> offered) =>
        offered.Count == 0 ? "it sent no authentication challenge" : "it offers " + string.Join(", ", offered);

    private static List<string> Offered(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges) =>
        [.. challenges.Select(c => c.Scheme).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>A response body that sent nothing for <paramref name="stallTimeout"/> (the read's own timer cancelled it).</summary>
    public static TransferFailure Stalled(Uri url, TimeSpan stallTimeout, OperationCanceledException ex) =>
        TransferFailure.Transient(TransferErrorContext.GeneralTransport, $"No data from {url.Authority} for {stallTimeout.TotalSeconds:0} s.", ex);

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

    /// <summary>
    /// Failures of the local temporary file. Missing rights or directories need a person, and so does a full disk: a job
    /// retried onto it would grow its file again into whatever space anyone freed. Other failures may clear up.
    /// </summary>
    public static TransferFailure FromLocalFile(Exception ex, string path) => ex switch
    {
        UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException =>
            TransferFailure.Fatal(TransferErrorContext.LocalFile, $"Cannot write '{path}': {ex.Message}", ex),
        IOException when DiskFull(ex) is { } quota =>
            TransferFailure.Fatal(
                TransferErrorContext.LocalFile,
                $"{(quota ? "The disk quota is used up" : "The disk is full")}: writing '{path}' failed{Where(path)}. Free some space there, then resume the job.",
                ex),
        _ => TransferFailure.Transient(TransferErrorContext.LocalFile, $"Writing '{path}' failed: {ex.Message}", ex),
    };

    /// <summary>
    /// A file that cannot fit where it goes, found when its size became known: fatal, so the job waits in Error with the
    /// bytes it has until someone frees space and resumes it.
    /// </summary>
    /// <param name="why">What the reservation met: NoSpace, QuotaExceeded or FileTooBig.</param>
    /// <param name="destination">The file the user asked for (its name is what the message shows).</param>
    /// <param name="temp">The temporary file, whose directory's file system is described.</param>
    /// <param name="total">The file's size.</param>
    /// <param name="have">The bytes of it already on disk.</param>
    public static TransferFailure FromNoSpace(ReservationOutcome why, string destination, string temp, long total, long have)
    {
        var name = Path.GetFileName(destination);
        var needs = have > 0
            ? $"Needs {ByteSizeText.Format(total - have)} more for '{name}' ({ByteSizeText.Format(total)} in all)"
            : $"Needs {ByteSizeText.Format(total)} for '{name}'";
        var volume = VolumeSpace.Of(Path.GetDirectoryName(temp)!);
        var fileSystem = volume is null ? $"the file system of '{Path.GetDirectoryName(destination)}'" : $"{volume.MountPoint} ({volume.Type})";
        var message = why switch
        {
            ReservationOutcome.QuotaExceeded => $"{needs}, more than the disk quota allows on {fileSystem}. Free some space within the quota, then resume the job.",
            ReservationOutcome.FileTooBig => $"'{name}' is {ByteSizeText.Format(total)}, larger than one file may be on {fileSystem}. Cancel the job and download it to another file system.",
            _ => $"{needs}, {volume?.ToString() ?? $"more than is free on {fileSystem}"}. Free some space there, then resume the job.",
        };
        return TransferFailure.Fatal(TransferErrorContext.LocalFile, message);
    }

    /// <summary>
    /// <see langword="null"/> unless <paramref name="ex"/> says the disk is full: then whether it is the user's quota
    /// (EDQUOT) rather than the file system (ENOSPC). .NET puts errno in HResult on Unix.
    /// </summary>
    private static bool? DiskFull(Exception ex)
    {
        const int NoSpace = 28, WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);
        var quota = OperatingSystem.IsMacOS() ? 69 : 122;
        return ex.HResult switch
        {
            NoSpace when !OperatingSystem.IsWindows() => false,
            WindowsDiskFull or WindowsHandleDiskFull => false,
            var code when code == quota && !OperatingSystem.IsWindows() => true,
            _ => null,
        };
    }

    /// <summary>"; 0 B free on /mnt/small (tmpfs)", or nothing when the system will not say.</summary>
    private static string Where(string path) => VolumeSpace.Of(Path.GetDirectoryName(path)!) is { } volume ? "; " + volume : "";

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
