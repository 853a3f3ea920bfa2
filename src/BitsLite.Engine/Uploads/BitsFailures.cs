using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Uploads;

/// <summary>
/// Turns Acks that report errors into job errors. Transient or fatal follows Microsoft's rule for BITS uploads
/// ("Handling Server Application Errors"): 3xx are transient except 300–305 and 307; 4xx are fatal except 408 and 409
/// (and 429, as for downloads); 5xx are transient except 501 and 505; anything else is transient. One exception: a 409
/// to Create-Session means the file exists on the server and may not be overwritten, which no retry changes.
/// </summary>
internal static class BitsFailures
{
    public static bool IsTransient(int status) => status switch
    {
        >= 300 and <= 305 or 307 => false,
        >= 300 and < 400 => true,
        408 or 409 or 429 => true,
        >= 400 and < 500 => false,
        501 or 505 => false,
        _ => true,
    };

    /// <summary>The failure an error Ack to <paramref name="packet"/> stands for.</summary>
    public static TransferFailure FromAck(BitsAck ack, string packet, Uri url)
    {
        var transient = IsTransient(ack.Status) && !(ack.Status == 409 && packet == BitsPackets.CreateSession);
        var context = ack.ErrorContext == BitsPackets.ContextRemoteApplication ? TransferErrorContext.RemoteApplication : TransferErrorContext.RemoteFile;
        var detail = ack.DescribeError() is { } error ? $" ({error})" : "";
        var why = (ack.Status, packet) switch
        {
            (409, BitsPackets.CreateSession) => " The file exists on the server and may not be overwritten.",
            (403, BitsPackets.CreateSession) => " The server does not allow uploads to this URL.",
            (405 or 501, _) => " The server does not seem to take BITS uploads; the Put upload method may work.",
            _ => "",
        };
        return new TransferFailure(
            transient,
            context,
            $"The server answered {ack.Status} {ack.ReasonPhrase} to {packet} for {url}{detail}.{why}",
            ack.Status,
            transient ? ack.RetryAfter : null);
    }

    /// <summary>An answer that breaks the protocol (not an error the server reported): retrying would meet it again.</summary>
    public static TransferFailure Protocol(Uri url, string what) =>
        TransferFailure.Fatal(TransferErrorContext.RemoteApplication, $"{url.Authority} does not follow the BITS upload protocol: {what}");
}
