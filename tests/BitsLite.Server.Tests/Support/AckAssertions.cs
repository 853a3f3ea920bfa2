using System.Net;

namespace BitsLite.Server.Tests.Support;

/// <summary>Reading and checking Ack packets.</summary>
internal static class AckAssertions
{
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static long ReceivedContentRange(this HttpResponseMessage response) =>
        long.Parse(response.Header("BITS-Received-Content-Range") ?? throw new Xunit.Sdk.XunitException("no BITS-Received-Content-Range"),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every Ack: BITS-Packet-Type Ack and a Content-Length, here always 0.</summary>
    public static void AssertAck(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("Ack", response.Header("BITS-Packet-Type"));
        Assert.Equal(0, response.Content.Headers.ContentLength);
        if ((int)status is 200 or 201)
        {
            Assert.Null(response.Header("BITS-Error-Code"));
        }
    }

    /// <summary>A non-2xx Ack with BITS-Error-Code (and its [MC-BUP] name BITS-Error) and BITS-Error-Context.</summary>
    public static void AssertError(this HttpResponseMessage response, HttpStatusCode status, string errorCode, string context = "0x5")
    {
        response.AssertAck(status);
        Assert.Equal(errorCode, response.Header("BITS-Error-Code"));
        Assert.Equal(errorCode, response.Header("BITS-Error"));
        Assert.Equal(context, response.Header("BITS-Error-Context"));
    }
}
