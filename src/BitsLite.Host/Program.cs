using BitsLite.Host.Hosting;
using BitsLite.Protocol.Locations;

// bitslite-host [--started-by-client] [--idle-timeout SECONDS] | register | unregister | registration | --version
var paths = BitsLitePaths.ForCurrentUser();
switch (args)
{
    case ["--version"]:
        Console.WriteLine(HostContext.Version);
        return HostService.ExitOk;
    case ["register" or "unregister" or "registration"]:
        return BitsLite.Host.Registration.RegistrationCommands.Run(args[0], paths.DataRoot, Console.Out, Console.Error);
}

HostArguments arguments;
try
{
    arguments = HostArguments.Parse(args, Environment.GetEnvironmentVariable);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"bitslite-host: {ex.Message}");
    return HostService.ExitUsage;
}

if (arguments.StartedByClient && !OperatingSystem.IsWindows())
{
    // First of all, leave the starting terminal's session, so that closing it (SIGHUP) or Ctrl+C there cannot reach us.
    _ = NativeMethods.CreateSession();
}

return await HostService.RunAsync(arguments, paths, Console.Error);
