using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BitsLite.Testing.FaultServing;

/// <summary>Writes a <see cref="PlannedResponse"/>, applying the body faults (drop, pacing, gate, short body).</summary>
internal static class ResponseWriter
{
    public static async Task WriteAsync(HttpResponse response, PlannedResponse planned, CancellationToken cancellationToken)
    {
        response.StatusCode = planned.StatusCode;
        if (planned.ReasonPhrase is not null)
        {
            response.HttpContext.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = planned.ReasonPhrase;
        }

        var headers = response.Headers;
        if (planned.RetryAfter is not null)
        {
            headers.RetryAfter = planned.RetryAfter;
        }

        if (planned.Location is not null)
        {
            headers.Location = planned.Location;
        }

        if (planned.Allow is not null)
        {
            headers.Allow = planned.Allow;
        }

        if (planned.WwwAuthenticate is not null)
        {
            headers.WWWAuthenticate = planned.WwwAuthenticate;
        }

        if (planned.ProxyAuthenticate is not null)
        {
            headers.ProxyAuthenticate = planned.ProxyAuthenticate;
        }

        var version = planned.Version;
        if (version is null)
        {
            response.ContentLength = 0;
            return;
        }

        foreach (var (name, value) in planned.ContentHeaders)
        {
            headers[name] = value;
        }

        if (planned.AdvertiseRanges)
        {
            headers.AcceptRanges = "bytes";
        }

        if (planned.IncludeValidators)
        {
            headers.ETag = version.ETag;
            headers.LastModified = version.LastModifiedHeader;
        }

        var total = version.Content.LongLength;
        if (planned.StatusCode == StatusCodes.Status416RangeNotSatisfiable)
        {
            headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{total}");
            response.ContentLength = 0;
            return;
        }

        if (planned.StatusCode == StatusCodes.Status206PartialContent)
        {
            var end = planned.Start + planned.Length - 1;
            headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {planned.Start}-{end}/{total}");
        }

        response.ContentType = "application/octet-stream";
        var declared = Math.Max(0, planned.Length + planned.DeclaredLengthDelta);
        if (!planned.Chunked)
        {
            response.ContentLength = declared;
        }

        if (!planned.WriteBody)
        {
            return;
        }

        await WriteBodyAsync(response.HttpContext, planned, version, declared, cancellationToken);
    }

    private static async Task WriteBodyAsync(
        HttpContext context, PlannedResponse planned, ResourceVersion version, long declared, CancellationToken cancellationToken)
    {
        var output = context.Response.Body;
        var available = planned.Chunked ? planned.Length : Math.Min(planned.Length, declared);
        var complete = planned.Chunked ? available : declared;
        var stopAt = planned.DropAfterBytes is long drop && drop < available ? drop : available;
        var body = version.Content.AsMemory((int)planned.Start, (int)available);
        var pacer = planned.BytesPerSecond is long rate ? new BodyPacer(rate) : null;

        var sent = 0L;
        if (planned.Gate is ResponseGate gate)
        {
            sent = Math.Min(planned.PauseAfterBytes, stopAt);
            await WriteChunkAsync(output, body[..(int)sent], pacer, cancellationToken);
            await output.FlushAsync(cancellationToken);
            gate.SignalReached();
            if (!await gate.WaitForDecisionAsync(cancellationToken))
            {
                EndPrematurely();
            }

            pacer?.Restart();
        }

        await WriteChunkAsync(output, body[(int)sent..(int)stopAt], pacer, cancellationToken);
        if (stopAt < complete)
        {
            await output.FlushAsync(cancellationToken);
            if (planned.DropWithReset && planned.DropAfterBytes is not null)
            {
                // Kestrel resets the socket (linger 0): the connection is lost, not ended.
                context.Abort();
                return;
            }

            EndPrematurely();
        }
    }

    private static Task WriteChunkAsync(
        Stream output, ReadOnlyMemory<byte> data, BodyPacer? pacer, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return Task.CompletedTask;
        }

        return pacer is null
            ? output.WriteAsync(data, cancellationToken).AsTask()
            : pacer.WriteAsync(output, data, cancellationToken);
    }

    /// <summary>
    /// Ends the connection right after the bytes already flushed. An exception escaping the request delegate after
    /// the response has started makes Kestrel close the connection without completing the body (no final chunk,
    /// Content-Length unmet). It closes gracefully (FIN), so every flushed byte reaches the client before the end.
    /// HttpContext.Abort() is deliberately not used: since .NET 8 it resets the socket with linger 0, which can
    /// discard flushed bytes still in the socket send buffer and make tests flaky.
    /// </summary>
    private static void EndPrematurely() =>
        throw new IOException("FaultServer ended this response early on purpose (injected fault).");
}
