using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

/// <summary>Runs a registration verb the way <c>bitslite-host</c> does and captures what it printed.</summary>
internal static class RegistrationInvocation
{
    public static (int Code, string Output, string Error) Run(string verb, LogonRegistration registration, HostLaunchCommand host)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RegistrationCommands.Run(verb, registration, () => host, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
