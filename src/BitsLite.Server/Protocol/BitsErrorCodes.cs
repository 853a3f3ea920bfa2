namespace BitsLite.Server.Protocol;

/// <summary>
/// The HRESULTs the server sends in BITS-Error-Code, with the names Microsoft's documentation gives them
/// (bitsmsg.h / "BITS Return Values", and the error table of [MC-BUP] section 2.2.1.2).
/// </summary>
internal static class BitsErrorCodes
{
    /// <summary>S_OK: the out-of-sync row of [MC-BUP]'s table (HTTP 416) carries HRESULT 0.</summary>
    public const uint None = 0;

    /// <summary>BG_E_SESSION_NOT_FOUND: "BITS session-related information is not found on the server" (HTTP 500).</summary>
    public const uint SessionNotFound = 0x8020001F;

    /// <summary>BG_E_TOO_LARGE: "The size of the upload file exceeds the maximum upload size specified on the server."</summary>
    public const uint TooLarge = 0x80200020;

    /// <summary>E_INVALIDARG: the request's headers break the message rules (HTTP 400).</summary>
    public const uint InvalidArgument = 0x80070057;

    /// <summary>E_ACCESSDENIED: the destination exists and cannot be overwritten, or may not be written (HTTP 403).</summary>
    public const uint AccessDenied = 0x80070005;

    /// <summary>E_FAIL: an unexpected server-side failure.</summary>
    public const uint Fail = 0x80004005;

    /// <summary>HRESULT_FROM_WIN32(ERROR_DISK_FULL).</summary>
    public const uint DiskFull = 0x80070070;

    /// <summary>BG_E_HTTP_ERROR_408: the request timed out; here, its body came slower than the server's minimum rate.</summary>
    public const uint RequestTimeout = 0x80190198;

    /// <summary>HRESULT_FROM_WIN32(ERROR_TOO_MANY_SESS): the client already has as many sessions as it may (HTTP 503).</summary>
    public const uint TooManySessions = 0x80070045;

    /// <summary>The header form: 0x followed by eight hexadecimal digits.</summary>
    public static string Format(uint code) => "0x" + code.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The HRESULT to report for a failed file operation.</summary>
    public static uint FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        const int EnospcErrno = 28;
        var hresult = unchecked((uint)exception.HResult);
        if (hresult == DiskFull || (exception is IOException && exception.HResult == EnospcErrno))
        {
            return DiskFull;
        }

        if (exception is UnauthorizedAccessException)
        {
            return AccessDenied;
        }

        // On Unix an IOException's HResult may be a bare errno; only real failure HRESULTs are passed on.
        return (hresult & 0x80000000) != 0 ? hresult : Fail;
    }
}
