namespace BitsLite.Host.Registration;

/// <summary>
/// A registration that cannot be done as asked (no host path, a path the service manager cannot run).
/// Its message is a complete sentence for the user: it is printed as is, never with a stack trace.
/// </summary>
internal sealed class RegistrationException : Exception
{
    public RegistrationException()
    {
    }

    public RegistrationException(string message)
        : base(message)
    {
    }

    public RegistrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
