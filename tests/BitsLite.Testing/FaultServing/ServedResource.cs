using Microsoft.AspNetCore.Http;

namespace BitsLite.Testing.FaultServing;

/// <summary>
/// A resource defined with <see cref="FaultServer.Serve"/> and its request counters.
/// Not thread-safe: the server calls <see cref="Decide"/> under its own lock.
/// </summary>
internal sealed class ServedResource
{
    private readonly FaultPlan _plan;
    private readonly ResourceVersion _original;
    private readonly ResourceVersion? _changed;
    private int _requestCount;
    private int _bodyResponseCount;
    private bool _pauseUsed;

    public ServedResource(FaultPlan plan, ResourceVersion original, ResourceVersion? changed)
    {
        _plan = plan;
        _original = original;
        _changed = changed;
    }

    public PlannedResponse Decide(string method, string? range, string? ifRange, string? authorization = null)
    {
        if (_plan.RequireBasic is { } basic && !basic.IsAnsweredBy(authorization))
        {
            return new PlannedResponse { StatusCode = StatusCodes.Status401Unauthorized, WwwAuthenticate = basic.Challenge };
        }

        _requestCount++;
        if (_plan.FailStatus is int failStatus && _requestCount <= _plan.FailTimes)
        {
            return new PlannedResponse { StatusCode = failStatus, RetryAfter = _plan.RetryAfter, ReasonPhrase = _plan.FailReason };
        }

        if (_plan.RedirectTo is string location)
        {
            return new PlannedResponse { StatusCode = _plan.RedirectStatus, Location = location };
        }

        var isGet = HttpMethods.IsGet(method);
        if (!isGet && !HttpMethods.IsHead(method))
        {
            return new PlannedResponse { StatusCode = StatusCodes.Status405MethodNotAllowed, Allow = "GET, HEAD" };
        }

        var version = _changed is not null && _requestCount > _plan.ChangeContentAfterRequests ? _changed : _original;
        var total = version.Content.LongLength;
        var selected = SelectRange(isGet, range, ifRange, version);
        if (selected is { IsSatisfiable: false })
        {
            return new PlannedResponse
            {
                StatusCode = StatusCodes.Status416RangeNotSatisfiable,
                Version = version,
                AdvertiseRanges = true,
                IncludeValidators = !_plan.NoValidators,
                ContentHeaders = _plan.ContentHeaders,
            };
        }

        long? dropAfter = null;
        ResponseGate? gate = null;
        if (isGet)
        {
            _bodyResponseCount++;
            if (_bodyResponseCount <= _plan.DropTimes)
            {
                dropAfter = _plan.DropAfterBytes;
            }

            if (_plan.PauseAfterBytes is not null && !_pauseUsed)
            {
                _pauseUsed = true;
                gate = _plan.Gate;
            }
        }

        return new PlannedResponse
        {
            StatusCode = selected is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent,
            Version = version,
            AdvertiseRanges = !_plan.IgnoreRange,
            IncludeValidators = !_plan.NoValidators,
            WriteBody = isGet,
            Start = selected?.Start ?? 0,
            Length = selected?.Length ?? total,
            Chunked = _plan.Chunked,
            DeclaredLengthDelta = _plan.DeclaredLengthDelta,
            DropAfterBytes = dropAfter,
            DropWithReset = _plan.DropWithReset,
            BytesPerSecond = _plan.BytesPerSecond,
            Gate = gate,
            PauseAfterBytes = _plan.PauseAfterBytes ?? 0,
            ContentHeaders = _plan.ContentHeaders,
        };
    }

    /// <summary>Null means "serve the whole representation" (no usable Range, or If-Range did not match).</summary>
    private ByteRange? SelectRange(bool isGet, string? range, string? ifRange, ResourceVersion version)
    {
        if (!isGet || _plan.IgnoreRange || range is null)
        {
            return null;
        }

        if (ifRange is not null && (_plan.NoValidators || !version.MatchesIfRange(ifRange)))
        {
            return null;
        }

        return ByteRange.Parse(range, version.Content.LongLength);
    }
}
