namespace BitsLite.Host.Registration;

/// <summary>The result of installing or removing a registration.</summary>
/// <param name="Succeeded">Whether it worked (a file written without a service manager to enable it counts, with notes saying what to run).</param>
/// <param name="Message">One line: what happened, or on failure what went wrong.</param>
/// <param name="Notes">Further lines for the user: what to run by hand, the linger hint.</param>
internal sealed record RegistrationResult(bool Succeeded, string Message, IReadOnlyList<string> Notes)
{
    public static RegistrationResult Success(string message, params string[] notes) => new(true, message, notes);

    public static RegistrationResult Failure(string message, params string[] notes) => new(false, message, notes);
}
