namespace BitsLite.Host.Registration;

/// <summary>Whether the host is registered to start at logon, and what the service manager says about it.</summary>
/// <param name="Registered">Whether the registration exists (the unit or plist file; on Windows the scheduled task).</param>
/// <param name="FilePath">The registration file, whether or not it exists.</param>
/// <param name="Enabled">Whether the service manager will start it at logon; null when it cannot be asked.</param>
/// <param name="Active">Whether it is running now; null when the service manager cannot be asked.</param>
/// <param name="Message">One line for the user.</param>
internal sealed record RegistrationStatus(bool Registered, string FilePath, bool? Enabled, bool? Active, string Message)
{
    /// <summary>Whether the file holds exactly what <c>register</c> would write now (same host, same BITSLITE_HOME); null when unknown.</summary>
    public bool? UpToDate { get; init; }
}
