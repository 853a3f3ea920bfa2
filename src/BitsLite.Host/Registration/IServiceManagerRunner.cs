namespace BitsLite.Host.Registration;

/// <summary>
/// Runs a service-manager program (systemctl, launchctl, schtasks). The service managers are outside our
/// control, so this is the seam tests replace; everything else in registration runs for real in tests.
/// </summary>
internal interface IServiceManagerRunner
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> (no shell) and waits for it.</summary>
    /// <returns>Its outcome; never throws for a missing program, a failure or a timeout.</returns>
    ServiceManagerResult Run(string program, IReadOnlyList<string> arguments);
}
