namespace BitsLite.Protocol.Wire;

/// <summary>
/// A frame that cannot be read: malformed, truncated, oversized or of an unknown type. The connection cannot
/// continue; the host answers with <see cref="Errors.TransferErrorCode.BadRequest"/> and closes it.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException(string message, Exception? innerException = null)
        : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProtocolException() : this("The peer sent a frame that cannot be read.") { }

    /// <summary>Creates the exception.</summary>
    public ProtocolException(string message) : this(message, null) { }
}
