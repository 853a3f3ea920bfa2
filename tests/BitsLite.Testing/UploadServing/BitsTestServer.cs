using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace BitsLite.Testing.UploadServing;

/// <summary>
/// A small BITS upload server of the tests' own, written from Microsoft's description of the packets (not from
/// BitsLite.Server, so that client and server cannot share a misreading): Kestrel on 127.0.0.1, an ephemeral port,
/// uploads kept in memory, one-time faults, and every request recorded. Also takes plain PUTs, and serves replies.
/// </summary>
/// <remarks>
/// Ping → 200 Ack. Create-Session → 200 Ack with BITS-Protocol, BITS-Session-Id, Accept-Encoding: Identity (and
/// BITS-Host-Id when <see cref="HostId"/> is set); 400 without the BITS 1.5 protocol among BITS-Supported-Protocols.
/// Fragment → bytes "a-b/total" taken in order: a start past what the session has is a gap (416), bytes it has already
/// are skipped, and the Ack's BITS-Received-Content-Range is the next byte expected; once the session has every byte
/// and <see cref="Reply"/> is set, Acks carry BITS-Reply-URL. Close-Session commits a whole upload to its path (and
/// deletes a partial one); Cancel-Session discards it. An unknown session is BG_E_SESSION_NOT_FOUND (0x8020001F).
/// </remarks>
public sealed partial class BitsTestServer : IAsyncDisposable
{
    public const string Upload15 = "{7df0354d-249b-430f-820d-3d2a9bef4931}";
    public const uint SessionNotFound = 0x8020001F;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _uploads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _replies = new(StringComparer.Ordinal);
    private readonly List<UploadFault> _faults = [];
    private readonly List<UploadRequest> _requests = [];
    private LoopbackApp _host = null!;

    private BitsTestServer()
    {
    }

    /// <summary>Sent as BITS-Host-Id in Create-Session Acks, when set (e.g. "localhost").</summary>
    public string? HostId { get; set; }

    /// <summary>Makes the reply of an upload-reply session from the uploaded bytes; <see langword="null"/> (default) sends no BITS-Reply-URL.</summary>
    public Func<byte[], byte[]>? Reply { get; set; }

    /// <summary>Leaves BITS-Received-Content-Range out of 416 answers.</summary>
    public bool OmitRangeOnGap { get; set; }

    /// <summary>
    /// Refuses packets with a body larger than this with <see cref="LargeRequestStatus"/> and no BITS headers, as a proxy
    /// or IIS request filtering (404.13) in front of a BITS server does; <see langword="null"/> (default) for no limit.
    /// </summary>
    public long? MaxRequestBody { get; set; }

    /// <summary>The status of <see cref="MaxRequestBody"/>'s refusals; default 413.</summary>
    public int LargeRequestStatus { get; set; } = 413;

    /// <summary>Answers 401 with a Basic challenge to requests without exactly this Authorization header value.</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary>Every request so far, in the order they ended.</summary>
    public IReadOnlyList<UploadRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Sessions open now.</summary>
    public int OpenSessions
    {
        get
        {
            lock (_sync)
            {
                return _sessions.Count;
            }
        }
    }

    public static async Task<BitsTestServer> StartAsync()
    {
        var server = new BitsTestServer();
        server._host = await LoopbackApp.StartAsync(server.HandleAsync, limits =>
        {
            limits.MaxRequestBodySize = null;
            limits.MinRequestBodyDataRate = null;
            limits.MinResponseDataRate = null;
        });
        return server;
    }

    public int Port => _host.Port;

    public Uri Url(string path) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{(path.StartsWith('/') ? path : "/" + path)}"));

    /// <summary>Adds a one-time fault for the next matching request.</summary>
    public void Inject(UploadFault fault)
    {
        lock (_sync)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Forgets every open session, as a server that restarted does.</summary>
    public void ForgetSessions()
    {
        lock (_sync)
        {
            _sessions.Clear();
        }
    }

    /// <summary>Makes every open session lose the bytes past <paramref name="keep"/>, as a server that lost data does.</summary>
    public void Truncate(long keep)
    {
        lock (_sync)
        {
            foreach (var session in _sessions.Values)
            {
                session.Truncate(keep);
            }
        }
    }

    /// <summary>What a session has received so far (open sessions only).</summary>
    public long ReceivedBy(string sessionId)
    {
        lock (_sync)
        {
            return _sessions.TryGetValue(sessionId, out var session) ? session.Received : -1;
        }
    }

    /// <summary>The upload committed at <paramref name="path"/> (by Close-Session, or a whole PUT), or <see langword="null"/>.</summary>
    public byte[]? Uploaded(string path)
    {
        lock (_sync)
        {
            return _uploads.GetValueOrDefault(path);
        }
    }

    /// <summary>Requests that were BITS packets of <paramref name="packet"/>.</summary>
    public List<UploadRequest> Packets(string packet) => [.. Requests.Where(r => r.Is(packet))];

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var packet = request.Headers["BITS-Packet-Type"].ToString();
        var status = 0;
        try
        {
            if (RequiredAuthorization is { } required && request.Headers.Authorization.ToString() != required)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"bits\"";
                status = await AnswerAsync(context, 401);
                return;
            }

            status = request.Method switch
            {
                "BITS_POST" => await HandlePacketAsync(context, packet),
                "PUT" => await HandlePutAsync(context),
                "GET" => await HandleGetAsync(context),
                _ => await AnswerAsync(context, 405),
            };
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The client went away mid-request: recorded as dropped.
        }
        finally
        {
            Record(request, packet, status);
        }
    }

    private async Task<int> HandlePacketAsync(HttpContext context, string packet)
    {
        if (MaxRequestBody is { } most && context.Request.ContentLength > most)
        {
            return await AnswerAsync(context, LargeRequestStatus);
        }

        context.Response.Headers["BITS-Packet-Type"] = "Ack";
        var sessionId = context.Request.Headers["BITS-Session-Id"].ToString();
        var range = context.Request.Headers.ContentRange.ToString();
        var fault = TakeFault(packet, range);
        if (fault is { Kind: UploadFaultKind.Status })
        {
            return await FailAsync(context, fault.Status, fault.ErrorCode, fault.ErrorContext, fault.RetryAfterSeconds);
        }

        switch (packet.ToUpperInvariant())
        {
            case "PING":
                return await AnswerAsync(context, 200);

            case "CREATE-SESSION":
                var offered = context.Request.Headers["BITS-Supported-Protocols"].ToString()
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!offered.Contains(Upload15, StringComparer.OrdinalIgnoreCase))
                {
                    return await FailAsync(context, 400, 0x80004005, 5, null);
                }

                var created = new Session(Guid.NewGuid().ToString("B"), context.Request.Path.Value ?? "/");
                lock (_sync)
                {
                    _sessions[created.Id] = created;
                }

                context.Response.Headers["BITS-Protocol"] = Upload15;
                context.Response.Headers["BITS-Session-Id"] = created.Id;
                context.Response.Headers.AcceptEncoding = "Identity";
                if (HostId is { } host)
                {
                    context.Response.Headers["BITS-Host-Id"] = host;
                }

                return await AnswerAsync(context, 200);

            case "FRAGMENT":
                return await FragmentAsync(context, sessionId, range, fault);

            case "CLOSE-SESSION":
            case "CANCEL-SESSION":
                Session? ended;
                lock (_sync)
                {
                    _sessions.Remove(sessionId, out ended);
                    if (ended is not null && packet.Equals("Close-Session", StringComparison.OrdinalIgnoreCase) && ended.IsWhole)
                    {
                        _uploads[ended.Path] = ended.Content();
                    }
                }

                if (ended is null)
                {
                    return await FailAsync(context, 400, SessionNotFound, 5, null);
                }

                context.Response.Headers["BITS-Session-Id"] = sessionId;
                if (fault is { Kind: UploadFaultKind.DropAnswer })
                {
                    context.Abort();
                    return 0;
                }

                return await AnswerAsync(context, 200);

            default:
                return await FailAsync(context, 400, 0x80070057, 5, null);
        }
    }

    private async Task<int> FragmentAsync(HttpContext context, string sessionId, string range, UploadFault? fault)
    {
        Session? session;
        lock (_sync)
        {
            session = _sessions.GetValueOrDefault(sessionId);
        }

        if (session is null)
        {
            return await FailAsync(context, 400, SessionNotFound, 5, null);
        }

        var match = ContentRange().Match(range);
        var length = context.Request.ContentLength;
        if (!match.Success || length is null)
        {
            return await FailAsync(context, 400, 0x80070057, 5, null);
        }

        var from = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var to = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var total = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        if (to < from || to - from + 1 != length || to >= total || !session.SetTotal(total))
        {
            return await FailAsync(context, 400, 0x80070057, 5, null);
        }

        context.Response.Headers["BITS-Session-Id"] = sessionId;
        if (from > session.Received)
        {
            if (!OmitRangeOnGap)
            {
                context.Response.Headers["BITS-Received-Content-Range"] = session.Received.ToString(CultureInfo.InvariantCulture);
            }

            return await AnswerAsync(context, 416);
        }

        // Bytes the session has already are skipped; the rest extend it.
        var body = context.Request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var position = from;
            var limit = fault is { Kind: UploadFaultKind.DropAfterBytes or UploadFaultKind.Hold } ? from + fault.Bytes : long.MaxValue;
            while (position <= to)
            {
                var want = (int)Math.Min(buffer.Length, Math.Min(to + 1, limit) - position);
                if (want <= 0)
                {
                    if (fault!.Kind == UploadFaultKind.Hold && await HoldAsync(fault.Hold!))
                    {
                        limit = long.MaxValue;
                        continue;
                    }

                    context.Abort();
                    return 0;
                }

                var read = await body.ReadAsync(buffer.AsMemory(0, want), context.RequestAborted);
                if (read == 0)
                {
                    return 0;
                }

                session.Write(position, buffer.AsSpan(0, read));
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (fault is { Kind: UploadFaultKind.DropAnswer })
        {
            context.Abort();
            return 0;
        }

        context.Response.Headers["BITS-Received-Content-Range"] = session.Received.ToString(CultureInfo.InvariantCulture);
        if (session.IsWhole && Reply is { } reply)
        {
            lock (_sync)
            {
                if (!_replies.ContainsKey(session.Id))
                {
                    _replies[session.Id] = reply(session.Content());
                }
            }

            context.Response.Headers["BITS-Reply-URL"] = "/replies/" + Uri.EscapeDataString(session.Id);
        }

        return await AnswerAsync(context, 200);
    }

    private async Task<bool> HoldAsync(UploadHold hold)
    {
        hold.SignalReached();
        try
        {
            return await hold.WaitAsync(_host.Stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<int> HandlePutAsync(HttpContext context)
    {
        var fault = TakeFault("PUT", "");
        if (fault is { Kind: UploadFaultKind.Status })
        {
            return await AnswerAsync(context, fault.Status);
        }

        using var content = new MemoryStream();
        var buffer = new byte[256 * 1024];
        var limit = fault is { Kind: UploadFaultKind.DropAfterBytes } ? fault.Bytes : long.MaxValue;
        while (true)
        {
            var want = (int)Math.Min(buffer.Length, limit - content.Length);
            if (want <= 0)
            {
                context.Abort();
                return 0;
            }

            var read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, want), context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            content.Write(buffer, 0, read);
        }

        if (context.Request.ContentLength is { } expected && expected != content.Length)
        {
            return 0;
        }

        lock (_sync)
        {
            _uploads[context.Request.Path.Value ?? "/"] = content.ToArray();
        }

        return await AnswerAsync(context, 201);
    }

    private async Task<int> HandleGetAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        byte[]? body = null;
        lock (_sync)
        {
            if (path.StartsWith("/replies/", StringComparison.Ordinal))
            {
                body = _replies.GetValueOrDefault(Uri.UnescapeDataString(path["/replies/".Length..]));
            }
        }

        if (body is null)
        {
            return await AnswerAsync(context, 404);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentLength = body.Length;
        var sent = 0;
        if (TakeFault("GET", "") is { Kind: UploadFaultKind.Hold, Hold: { } hold } fault)
        {
            sent = (int)Math.Min(fault.Bytes, body.Length);
            await context.Response.Body.WriteAsync(body.AsMemory(0, sent), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (!await HoldAsync(hold))
            {
                // Kestrel ends a response whose handler throws after it started without completing its body.
                throw new IOException("BitsTestServer dropped this reply on purpose (injected fault).");
            }
        }

        await context.Response.Body.WriteAsync(body.AsMemory(sent), context.RequestAborted);
        return 200;
    }

    private static async Task<int> FailAsync(HttpContext context, int status, uint? code, int? errorContext, int? retryAfter)
    {
        if (code is { } value)
        {
            context.Response.Headers["BITS-Error-Code"] = "0x" + value.ToString("X8", CultureInfo.InvariantCulture);
            context.Response.Headers["BITS-Error-Context"] = "0x" + (errorContext ?? 5).ToString("X", CultureInfo.InvariantCulture);
        }

        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return await AnswerAsync(context, status);
    }

    private static async Task<int> AnswerAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        await context.Response.CompleteAsync();
        return status;
    }

    private UploadFault? TakeFault(string packet, string range)
    {
        var match = ContentRange().Match(range);
        var start = match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        lock (_sync)
        {
            var index = _faults.FindIndex(f => string.Equals(f.Packet, packet, StringComparison.OrdinalIgnoreCase) && start >= f.FromOffset);
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            _faults.RemoveAt(index);
            return fault;
        }
    }

    private void Record(HttpRequest request, string packet, int status)
    {
        var headers = request.Headers.ToFrozenDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Header(string name) => headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var record = new UploadRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.Host.Value ?? "",
            packet.Length == 0 ? null : packet,
            Header("BITS-Session-Id"),
            Header("Content-Range"),
            Header("Content-Name"),
            request.ContentLength,
            headers,
            status);
        lock (_sync)
        {
            _requests.Add(record);
        }
    }

    [GeneratedRegex(@"^bytes (\d+)-(\d+)/(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentRange();

    /// <summary>One upload session: the bytes so far, in order.</summary>
    private sealed class Session(string id, string path)
    {
        private readonly Lock _lock = new();
        private readonly MemoryStream _content = new();
        private long _total = -1;

        public string Id { get; } = id;

        public string Path { get; } = path;

        public long Received
        {
            get
            {
                lock (_lock)
                {
                    return _content.Length;
                }
            }
        }

        public bool IsWhole
        {
            get
            {
                lock (_lock)
                {
                    return _total >= 0 && _content.Length == _total;
                }
            }
        }

        public bool SetTotal(long total)
        {
            lock (_lock)
            {
                if (_total >= 0 && _total != total)
                {
                    return false;
                }

                _total = total;
                return true;
            }
        }

        /// <summary>Takes the bytes at <paramref name="position"/> that extend the content; others are already here.</summary>
        public void Write(long position, ReadOnlySpan<byte> bytes)
        {
            lock (_lock)
            {
                var skip = _content.Length - position;
                if (skip < 0)
                {
                    throw new InvalidOperationException("gap");
                }

                if (skip < bytes.Length)
                {
                    _content.Position = _content.Length;
                    _content.Write(bytes[(int)skip..]);
                }
            }
        }

        public void Truncate(long keep)
        {
            lock (_lock)
            {
                if (_content.Length > keep)
                {
                    _content.SetLength(keep);
                }
            }
        }

        public byte[] Content()
        {
            lock (_lock)
            {
                return _content.ToArray();
            }
        }
    }
}
