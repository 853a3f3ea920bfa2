using System.Xml;
using System.Xml.Linq;
using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Registration;

/// <summary>
/// macOS: a LaunchAgent, <c>~/Library/LaunchAgents/io.bitslite.host.plist</c>, loaded into the user's GUI
/// domain with <c>launchctl bootstrap gui/&lt;uid&gt;</c> and removed with <c>launchctl bootout</c>.
/// launchd runs ProgramArguments directly (no shell), starts it at load and at each logon, and restarts it
/// when it exits with a failure.
/// </summary>
internal sealed class LaunchAgent(RegistrationContext context, IServiceManagerRunner runner, TimeSpan retryDelay) : LogonRegistration(runner)
{
    public const string Label = "io.bitslite.host";

    private const string Launchctl = "launchctl";

    /// <summary>How often bootstrap is tried after a bootout (launchd may still be tearing the old job down).</summary>
    private const int BootstrapAttempts = 3;

    public LaunchAgent(RegistrationContext context, IServiceManagerRunner runner)
        : this(context, runner, TimeSpan.FromSeconds(1))
    {
    }

    public override string FilePath => Path.Combine(context.HomeDirectory, "Library", "LaunchAgents", Label + ".plist");

    /// <summary>The user's GUI domain, where LaunchAgents of a logged-in user live.</summary>
    public string Domain => "gui/" + context.User;

    /// <summary>This agent inside <see cref="Domain"/>.</summary>
    public string ServiceTarget => Domain + "/" + Label;

    /// <summary>The plist's text for <paramref name="command"/>; EnvironmentVariables only when <paramref name="bitsLiteHome"/> is set.</summary>
    /// <exception cref="RegistrationException">A path holds a character XML cannot carry.</exception>
    public static string Render(HostLaunchCommand command, string? bitsLiteHome)
    {
        ArgumentNullException.ThrowIfNull(command);
        var plist = new XElement("dict",
            Key("Label"), new XElement("string", Label),
            Key("ProgramArguments"), new XElement("array", command.Words.Select(word => new XElement("string", word))),
            Key("RunAtLoad"), new XElement("true"),
            // Restart after a crash or failure, but not after a clean exit (such as "another host already runs").
            Key("KeepAlive"), new XElement("dict", Key("SuccessfulExit"), new XElement("false")),
            // The host writes its own log; launchd would otherwise keep nothing anyway.
            Key("StandardOutPath"), new XElement("string", "/dev/null"),
            Key("StandardErrorPath"), new XElement("string", "/dev/null"));
        if (!string.IsNullOrEmpty(bitsLiteHome))
        {
            plist.Add(Key("EnvironmentVariables"), new XElement("dict", Key(BitsLitePaths.HomeVariable), new XElement("string", bitsLiteHome)));
        }

        var document = new XDocument(
            new XDocumentType("plist", "-//Apple//DTD PLIST 1.0//EN", "http://www.apple.com/DTDs/PropertyList-1.0.dtd", null),
            new XElement("plist", new XAttribute("version", "1.0"), plist));
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = RegistrationFile.Utf8, Indent = true, IndentChars = "\t", NewLineChars = "\n" };
        try
        {
            using (var writer = XmlWriter.Create(buffer, settings))
            {
                document.Save(writer);
            }
        }
        catch (ArgumentException ex)
        {
            throw new RegistrationException($"The host's path cannot be written in a launchd plist: {ex.Message}", ex);
        }

        return RegistrationFile.Utf8.GetString(buffer.ToArray()) + "\n";
    }

    public override RegistrationResult Install(HostLaunchCommand command)
    {
        var text = Render(command, context.BitsLiteHome);

        // A loaded agent keeps its old definition: take it out first so that install twice loads the new file.
        var wasLoaded = IsLoaded(out var notFound);
        if (notFound is not null)
        {
            RegistrationFile.Write(FilePath, text, RegistrationFile.Utf8);
            return RegistrationResult.Failure(
                $"Wrote {FilePath}, but {notFound.Describe(Launchctl)}",
                $"Load it with: launchctl bootstrap {Domain} \"{FilePath}\"");
        }

        if (wasLoaded)
        {
            var bootout = Run("bootout", ServiceTarget);
            if (!bootout.Succeeded && IsLoaded(out _))
            {
                return RegistrationResult.Failure($"Could not replace the loaded agent: {bootout.Describe(Command("bootout", ServiceTarget))}");
            }
        }

        RegistrationFile.Write(FilePath, text, RegistrationFile.Utf8);

        // A `launchctl disable` from earlier would make bootstrap refuse the agent; registering means wanting it on.
        _ = Run("enable", ServiceTarget);
        var bootstrap = Run("bootstrap", Domain, FilePath);
        for (var attempt = 1; !bootstrap.Succeeded && wasLoaded && attempt < BootstrapAttempts; attempt++)
        {
            Thread.Sleep(retryDelay);
            bootstrap = Run("bootstrap", Domain, FilePath);
        }

        return bootstrap.Succeeded
            ? RegistrationResult.Success($"Registered and started {Label} ({FilePath}): it starts at each logon.")
            : RegistrationResult.Failure(
                $"Wrote {FilePath}, but {bootstrap.Describe(Command("bootstrap", Domain, FilePath))}",
                $"See `launchctl print {ServiceTarget}`; the agent is loaded at your next logon anyway.");
    }

    public override RegistrationResult Uninstall()
    {
        var fileExists = File.Exists(FilePath);
        var loaded = IsLoaded(out var notFound);
        if (!fileExists && !loaded)
        {
            return RegistrationResult.Success($"Not registered: {FilePath} does not exist, so there is nothing to remove.");
        }

        if (loaded)
        {
            var bootout = Run("bootout", ServiceTarget);
            if (!bootout.Succeeded && IsLoaded(out _))
            {
                return RegistrationResult.Failure($"Could not unregister: {bootout.Describe(Command("bootout", ServiceTarget))}");
            }
        }

        RegistrationFile.Delete(FilePath);
        return notFound is null
            ? RegistrationResult.Success($"Unregistered: stopped {Label} and removed {FilePath}.")
            : RegistrationResult.Success($"Unregistered: removed {FilePath}.", $"launchctl could not be run ({notFound.FirstLine}); a host it started keeps running until you log out.");
    }

    public override RegistrationStatus Status(HostLaunchCommand? current)
    {
        var fileExists = File.Exists(FilePath);
        var print = Run("print", ServiceTarget);
        if (!fileExists)
        {
            return new RegistrationStatus(false, FilePath, null, null, print.Succeeded
                ? $"Not registered: {FilePath} does not exist, though {ServiceTarget} is still loaded (`bitslite-host unregister` unloads it)."
                : $"Not registered: {FilePath} does not exist.");
        }

        bool? loaded = print.Outcome == ServiceManagerOutcome.Exited ? print.Succeeded : null;
        bool? active = loaded is null ? null : loaded.Value && print.Output.Contains("state = running", StringComparison.Ordinal);
        bool? enabled = loaded is null ? null : loaded.Value && !IsDisabled();
        var upToDate = SameText(FilePath, current is null ? null : () => Render(current, context.BitsLiteHome));
        return new RegistrationStatus(true, FilePath, enabled, active, DescribeRegistered($"the LaunchAgent {Label}", enabled, active, upToDate))
        {
            UpToDate = upToDate,
        };
    }

    /// <summary>Whether launchd has the agent loaded in the user's GUI domain; <paramref name="notFound"/> is set when launchctl cannot be run.</summary>
    private bool IsLoaded(out ServiceManagerResult? notFound)
    {
        var print = Run("print", ServiceTarget);
        notFound = print.Outcome == ServiceManagerOutcome.Exited ? null : print;
        return print.Succeeded;
    }

    /// <summary>Whether <c>launchctl print-disabled</c> lists the agent as disabled (<c>"label" => disabled</c>, or <c>=> true</c> before macOS 13).</summary>
    private bool IsDisabled()
    {
        var listing = Run("print-disabled", Domain);
        return listing.Succeeded && listing.Output.Split('\n').Any(line =>
            line.Contains($"\"{Label}\"", StringComparison.Ordinal)
            && (line.Contains("=> disabled", StringComparison.Ordinal) || line.Contains("=> true", StringComparison.Ordinal)));
    }

    private ServiceManagerResult Run(params string[] arguments) => Runner.Run(Launchctl, arguments);

    private static string Command(params string[] arguments) => $"{Launchctl} {string.Join(' ', arguments)}";

    private static XElement Key(string name) => new("key", name);
}
