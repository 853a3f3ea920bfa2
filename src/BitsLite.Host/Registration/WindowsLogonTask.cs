using System.Text;
using System.Xml;
using System.Xml.Linq;
using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Registration;

/// <summary>
/// Windows: a scheduled task <c>BitsLite\Host</c> that starts the host when the current user logs on,
/// registered from Task Scheduler XML with <c>schtasks /Create /XML</c>. The XML is kept in the data root
/// (<c>logon-task.xml</c>) so that the user can see exactly what was registered.
/// </summary>
internal sealed class WindowsLogonTask(RegistrationContext context, IServiceManagerRunner runner) : LogonRegistration(runner)
{
    public const string TaskName = @"BitsLite\Host";

    public const string FileName = "logon-task.xml";

    private const string Schtasks = "schtasks";

    private static readonly XNamespace Task = "http://schemas.microsoft.com/windows/2004/02/mit/task";

    public override string FilePath => Path.Combine(context.DataRoot, FileName);

    /// <summary>
    /// The Task Scheduler XML for <paramref name="command"/>, run as <paramref name="user"/> (DOMAIN\name) at their
    /// logon: hidden, no time limit, one instance, restarted when it fails. Task Scheduler expands %VARIABLES%
    /// in the command and arguments; paths with % are rare enough not to fight that.
    /// </summary>
    public static string Render(HostLaunchCommand command, string user)
    {
        ArgumentNullException.ThrowIfNull(command);
        var document = new XDocument(
            new XElement(Task + "Task", new XAttribute("version", "1.2"),
                new XElement(Task + "RegistrationInfo",
                    new XElement(Task + "Description", "Starts the BitsLite background transfer host at logon so that transfers continue after a restart. Written by bitslite-host register."),
                    new XElement(Task + "URI", "\\" + TaskName)),
                new XElement(Task + "Triggers",
                    new XElement(Task + "LogonTrigger",
                        new XElement(Task + "Enabled", "true"),
                        new XElement(Task + "UserId", user))),
                new XElement(Task + "Principals",
                    new XElement(Task + "Principal", new XAttribute("id", "Author"),
                        new XElement(Task + "UserId", user),
                        new XElement(Task + "LogonType", "InteractiveToken"),
                        new XElement(Task + "RunLevel", "LeastPrivilege"))),
                new XElement(Task + "Settings",
                    new XElement(Task + "MultipleInstancesPolicy", "IgnoreNew"),
                    new XElement(Task + "DisallowStartIfOnBatteries", "false"),
                    new XElement(Task + "StopIfGoingOnBatteries", "false"),
                    new XElement(Task + "AllowHardTerminate", "true"),
                    new XElement(Task + "StartWhenAvailable", "true"),
                    new XElement(Task + "RunOnlyIfNetworkAvailable", "false"),
                    new XElement(Task + "IdleSettings",
                        new XElement(Task + "StopOnIdleEnd", "false"),
                        new XElement(Task + "RestartOnIdle", "false")),
                    new XElement(Task + "AllowStartOnDemand", "true"),
                    new XElement(Task + "Enabled", "true"),
                    new XElement(Task + "Hidden", "true"),
                    new XElement(Task + "RunOnlyIfIdle", "false"),
                    new XElement(Task + "WakeToRun", "false"),
                    // PT0S: no time limit (the default of 72 hours would stop a long transfer).
                    new XElement(Task + "ExecutionTimeLimit", "PT0S"),
                    new XElement(Task + "Priority", "7"),
                    new XElement(Task + "RestartOnFailure",
                        new XElement(Task + "Interval", "PT1M"),
                        new XElement(Task + "Count", "3"))),
                new XElement(Task + "Actions", new XAttribute("Context", "Author"),
                    new XElement(Task + "Exec",
                        new XElement(Task + "Command", command.FileName),
                        command.Arguments.Count == 0 ? null : new XElement(Task + "Arguments", WindowsCommandLine.Join(command.Arguments))))));

        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\r\n" };
        try
        {
            using (var writer = XmlWriter.Create(text, settings))
            {
                document.Save(writer);
            }
        }
        catch (ArgumentException ex)
        {
            throw new RegistrationException($"The host's path cannot be written in a scheduled task: {ex.Message}", ex);
        }

        // A StringWriter is UTF-16, so the declaration says utf-16: the file is written in UTF-16 to match, as schtasks expects.
        return text + "\r\n";
    }

    public override RegistrationResult Install(HostLaunchCommand command)
    {
        RegistrationFile.Write(FilePath, Render(command, context.User), Encoding.Unicode);
        var create = Run("/Create", "/TN", TaskName, "/XML", FilePath, "/F");
        if (!create.Succeeded)
        {
            return RegistrationResult.Failure($"Could not register the scheduled task: {create.Describe(Command("/Create", "/TN", TaskName, "/XML", FilePath, "/F"))}");
        }

        var notes = new List<string>();
        var start = Run("/Run", "/TN", TaskName);
        if (!start.Succeeded)
        {
            notes.Add($"It was not started now ({start.FirstLine}); it starts at your next logon.");
        }

        // A task started at logon sees the user's saved environment, not this session's.
        if (context.BitsLiteHome is not null && !string.Equals(context.BitsLiteHome, context.PersistentBitsLiteHome, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"{BitsLitePaths.HomeVariable} is set in this session only; the host started at logon will not see it. Save it with: setx {BitsLitePaths.HomeVariable} \"{context.BitsLiteHome}\"");
        }

        var message = start.Succeeded
            ? $"Registered and started the scheduled task {TaskName}: it starts at each logon (task XML: {FilePath})."
            : $"Registered the scheduled task {TaskName}: it starts at each logon (task XML: {FilePath}).";
        return RegistrationResult.Success(message, [.. notes]);
    }

    public override RegistrationResult Uninstall()
    {
        var query = Run("/Query", "/TN", TaskName);
        if (!query.Succeeded)
        {
            RegistrationFile.Delete(FilePath);
            return query.Outcome == ServiceManagerOutcome.Exited
                ? RegistrationResult.Success($"Not registered: there is no scheduled task {TaskName}, so there is nothing to remove.")
                : RegistrationResult.Failure($"Could not unregister: {query.Describe(Command("/Query", "/TN", TaskName))}");
        }

        // Deleting a task leaves its running instance alone: end it first, as systemctl disable --now does.
        _ = Run("/End", "/TN", TaskName);
        var delete = Run("/Delete", "/TN", TaskName, "/F");
        if (!delete.Succeeded)
        {
            return RegistrationResult.Failure($"Could not unregister: {delete.Describe(Command("/Delete", "/TN", TaskName, "/F"))}");
        }

        RegistrationFile.Delete(FilePath);
        return RegistrationResult.Success($"Unregistered: stopped and deleted the scheduled task {TaskName}.");
    }

    public override RegistrationStatus Status(HostLaunchCommand? current)
    {
        // The task's XML is not translated, unlike the list output, so it says reliably whether the task is enabled.
        var query = Run("/Query", "/TN", TaskName, "/XML");
        if (!query.Succeeded)
        {
            return query.Outcome == ServiceManagerOutcome.Exited
                ? new RegistrationStatus(false, FilePath, null, null, $"Not registered: there is no scheduled task {TaskName}.")
                : new RegistrationStatus(false, FilePath, null, null, $"Unknown: {query.Describe(Command("/Query", "/TN", TaskName))}");
        }

        var enabled = TaskEnabled(query.Output);
        var active = Run("/Query", "/TN", TaskName, "/FO", "CSV", "/NH") is { Succeeded: true } list ? TaskRunning(list.Output) : null;
        var upToDate = SameText(FilePath, current is null ? null : () => Render(current, context.User));
        return new RegistrationStatus(true, FilePath, enabled, active, DescribeRegistered($"the scheduled task {TaskName}", enabled, active, upToDate))
        {
            UpToDate = upToDate,
        };
    }

    /// <summary>Settings/Enabled of a task's XML (true when absent, the schema's default); null when it cannot be parsed.</summary>
    public static bool? TaskEnabled(string taskXml)
    {
        try
        {
            var settings = XDocument.Parse(taskXml.Trim()).Root?.Element(Task + "Settings");
            var enabled = settings?.Element(Task + "Enabled")?.Value.Trim();
            return settings is null ? null : enabled is null || enabled.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The Status column of <c>schtasks /Query /FO CSV /NH</c>: Running or Ready in English; null in other languages.</summary>
    public static bool? TaskRunning(string csv)
    {
        var line = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var fields = line?.Split("\",\"");
        var status = fields is { Length: >= 3 } ? fields[2].Trim('"') : null;
        return status switch
        {
            "Running" => true,
            "Ready" or "Disabled" or "Queued" => false,
            _ => null,
        };
    }

    private ServiceManagerResult Run(params string[] arguments) => Runner.Run(Schtasks, arguments);

    private static string Command(params string[] arguments) => $"{Schtasks} {string.Join(' ', arguments)}";
}
