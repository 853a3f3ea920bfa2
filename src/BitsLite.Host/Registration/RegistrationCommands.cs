using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Registration;

/// <summary>
/// <c>bitslite-host register | unregister | registration</c>: registers the running host to start at logon,
/// removes that, or shows it. Human lines go to the output, a failure is one line on the error writer:
/// exit code 0 on success, 1 on failure, 2 for an unknown verb. Never a stack trace.
/// </summary>
internal static class RegistrationCommands
{
    public const string Register = "register";
    public const string Unregister = "unregister";
    public const string Show = "registration";

    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>Runs <paramref name="verb"/> for the current user on the current OS.</summary>
    /// <param name="verb"><c>register</c>, <c>unregister</c> or <c>registration</c>.</param>
    /// <param name="dataRoot">The host's data root (Windows keeps the task XML there).</param>
    /// <param name="output">Where the human lines go.</param>
    /// <param name="error">Where a failure's one line goes.</param>
    public static int Run(string verb, string dataRoot, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!IsVerb(verb))
        {
            return UnknownVerb(verb, error);
        }

        LogonRegistration registration;
        try
        {
            var platform = CurrentPlatform();
            registration = LogonRegistration.For(platform, RegistrationContext.ForCurrentUser(dataRoot, platform), new ServiceManagerRunner());
        }
        catch (RegistrationException ex)
        {
            error.WriteLine($"bitslite-host {verb}: {ex.Message}");
            return ExitFailed;
        }

        return Run(verb, registration, HostLaunchCommand.ForRunningHost, output, error);
    }

    /// <summary>Runs <paramref name="verb"/> against a given registration and host (tests pass temporary directories and a fake runner).</summary>
    public static int Run(string verb, LogonRegistration registration, Func<HostLaunchCommand> host, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            switch (verb)
            {
                case Register:
                    return Report(verb, registration.Install(host()), output, error);
                case Unregister:
                    return Report(verb, registration.Uninstall(), output, error);
                case Show:
                    Print(registration.Status(TryHost(host)), output);
                    return ExitOk;
                default:
                    return UnknownVerb(verb, error);
            }
        }
        catch (Exception ex) when (ex is RegistrationException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // The file system said no (a read-only config directory, a file owned by someone else), or a path
            // cannot be used: one clear line, never a stack trace.
            error.WriteLine($"bitslite-host {verb}: {ex.Message}");
            return ExitFailed;
        }
    }

    private static bool IsVerb(string? verb) => verb is Register or Unregister or Show;

    private static int UnknownVerb(string? verb, TextWriter error)
    {
        error.WriteLine($"bitslite-host: unknown registration command '{verb}'; use {Register}, {Unregister} or {Show}.");
        return ExitUsage;
    }

    private static HostPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? HostPlatform.Windows
        : OperatingSystem.IsMacOS() ? HostPlatform.MacOS
        : OperatingSystem.IsLinux() ? HostPlatform.Linux
        : throw new RegistrationException("Starting the host at logon can be registered on Linux (systemd), macOS (launchd) and Windows (Task Scheduler) only.");

    private static HostLaunchCommand? TryHost(Func<HostLaunchCommand> host)
    {
        try
        {
            return host();
        }
        catch (RegistrationException)
        {
            return null;
        }
    }

    private static int Report(string verb, RegistrationResult result, TextWriter output, TextWriter error)
    {
        if (result.Succeeded)
        {
            output.WriteLine(result.Message);
        }
        else
        {
            error.WriteLine($"bitslite-host {verb}: {result.Message}");
        }

        foreach (var note in result.Notes)
        {
            output.WriteLine(note);
        }

        return result.Succeeded ? ExitOk : ExitFailed;
    }

    private static void Print(RegistrationStatus status, TextWriter output)
    {
        output.WriteLine($"Registered: {(status.Registered ? "yes" : "no")}");
        output.WriteLine($"File:       {status.FilePath}");
        if (status.Registered)
        {
            output.WriteLine($"Enabled:    {YesNo(status.Enabled)}");
            output.WriteLine($"Running:    {YesNo(status.Active)}");
        }

        output.WriteLine(status.Message);
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "yes",
        false => "no",
        null => "unknown",
    };
}
