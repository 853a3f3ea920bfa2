namespace BitsLite.Protocol.Errors;

/// <summary>A request that was refused, with a stable <see cref="Code"/> and a message meant for people.</summary>
public sealed class TransferException : Exception
{
    /// <summary>Creates an exception with a code and a message.</summary>
    public TransferException(TransferErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>Creates an exception with a generic code; prefer the overload with a code.</summary>
    public TransferException() : this(TransferErrorCode.InvalidArgument, "The request was refused.") { }

    /// <summary>Creates an exception with a generic code; prefer the overload with a code.</summary>
    public TransferException(string message) : this(TransferErrorCode.InvalidArgument, message) { }

    /// <summary>Creates an exception with a generic code; prefer the overload with a code.</summary>
    public TransferException(string message, Exception innerException)
        : this(TransferErrorCode.InvalidArgument, message, innerException) { }

    /// <summary>Why the request was refused.</summary>
    public TransferErrorCode Code { get; }
}
