using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>
/// Why one attempt at a file failed, already judged: transient failures are retried after the
/// job's retry interval (or the server's Retry-After), fatal ones put the job in Error.
/// </summary>
internal sealed class TransferFailure : Exception
{
    public TransferFailure(bool isTransient, TransferErrorContext context, string message, int? httpStatus = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
        Context = context;
        HttpStatus = httpStatus;
        RetryAfter = retryAfter;
    }

    public TransferFailure() : this(false, TransferErrorContext.Unknown, "The transfer failed.") { }

    public TransferFailure(string message) : this(false, TransferErrorContext.Unknown, message) { }

    public TransferFailure(string message, Exception inner) : this(false, TransferErrorContext.Unknown, message, inner: inner) { }

    public bool IsTransient { get; }

    public TransferErrorContext Context { get; }

    public int? HttpStatus { get; }

    /// <summary>The source of the file that failed, filled in by the downloader.</summary>
    public string? FileSource { get; set; }

    /// <summary>The delay the server asked for (Retry-After), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    public static TransferFailure Transient(TransferErrorContext context, string message, Exception? inner = null) =>
        new(true, context, message, inner: inner);

    public static TransferFailure Fatal(TransferErrorContext context, string message, Exception? inner = null) =>
        new(false, context, message, inner: inner);
}
