using System.Text;
using System.Xml.Linq;
using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class WindowsLogonTaskTests : IDisposable
{
    private static readonly XNamespace Task = "http://schemas.microsoft.com/windows/2004/02/mit/task";

    private static readonly HostLaunchCommand Muxer = new(@"C:\Program Files\dotnet\dotnet.exe", [@"C:\Users\Me & You\Bits ""Lite""\bitslite-host.dll"]);

    private readonly RegistrationSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void TheTaskXml_IsWellFormed_AndStartsTheHostAtTheUsersLogon()
    {
        var task = XDocument.Parse(WindowsLogonTask.Render(Muxer, @"CORP\me")).Root!;

        Assert.Equal(Task + "Task", task.Name);
        var trigger = task.Element(Task + "Triggers")!.Element(Task + "LogonTrigger")!;
        Assert.Equal(@"CORP\me", trigger.Element(Task + "UserId")!.Value);
        Assert.Equal(@"CORP\me", task.Element(Task + "Principals")!.Element(Task + "Principal")!.Element(Task + "UserId")!.Value);
        Assert.Equal("LeastPrivilege", task.Descendants(Task + "RunLevel").Single().Value);
        var settings = task.Element(Task + "Settings")!;
        Assert.Equal("PT0S", settings.Element(Task + "ExecutionTimeLimit")!.Value);
        Assert.Equal("IgnoreNew", settings.Element(Task + "MultipleInstancesPolicy")!.Value);
        Assert.Equal("true", settings.Element(Task + "Hidden")!.Value);
        Assert.Equal("PT1M", settings.Element(Task + "RestartOnFailure")!.Element(Task + "Interval")!.Value);
        Assert.Equal("false", settings.Element(Task + "DisallowStartIfOnBatteries")!.Value);
        var exec = task.Element(Task + "Actions")!.Element(Task + "Exec")!;
        Assert.Equal(@"C:\Program Files\dotnet\dotnet.exe", exec.Element(Task + "Command")!.Value);
        Assert.Equal(@"""C:\Users\Me & You\Bits \""Lite\""\bitslite-host.dll""", exec.Element(Task + "Arguments")!.Value);
    }

    [Fact]
    public void AnAppHost_HasNoArguments_NotEvenStartedByClient()
    {
        var text = WindowsLogonTask.Render(new HostLaunchCommand(@"C:\Tools\bitslite-host.exe", []), @"PC\me");

        Assert.Empty(XDocument.Parse(text).Descendants(Task + "Arguments"));
        Assert.DoesNotContain("--started-by-client", text, StringComparison.Ordinal);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-16\"?>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_WritesUtf16Xml_AndRegistersItWithSchtasks()
    {
        var schtasks = new FakeServiceManager();
        var task = LogonTask(schtasks);

        var (code, output, error) = RegistrationInvocation.Run(RegistrationCommands.Register, task, Muxer);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(Path.Combine(_sandbox.DataRoot, "logon-task.xml"), task.FilePath);
        var bytes = File.ReadAllBytes(task.FilePath);
        Assert.Equal([0xFF, 0xFE], bytes[..2]);
        Assert.Equal(WindowsLogonTask.Render(Muxer, @"PC\me"), Encoding.Unicode.GetString(bytes[2..]));
        Assert.Equal([$@"schtasks /Create /TN BitsLite\Host /XML {task.FilePath} /F", @"schtasks /Run /TN BitsLite\Host"], schtasks.Calls);
        Assert.Contains(@"Registered and started the scheduled task BitsLite\Host", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallTwice_ReplacesTheXml()
    {
        var task = LogonTask(new FakeServiceManager());
        var moved = new HostLaunchCommand(@"D:\BitsLite\bitslite-host.exe", []);

        Assert.Equal(0, RegistrationInvocation.Run(RegistrationCommands.Register, task, Muxer).Code);
        Assert.Equal(0, RegistrationInvocation.Run(RegistrationCommands.Register, task, moved).Code);

        Assert.Equal(WindowsLogonTask.Render(moved, @"PC\me"), File.ReadAllText(task.FilePath));
        Assert.Single(Directory.GetFiles(_sandbox.DataRoot));
    }

    [Fact]
    public void ASessionOnlyBitsLiteHome_IsPointedOut()
    {
        var task = new WindowsLogonTask(_sandbox.Context(bitsLiteHome: @"D:\bits", user: @"PC\me"), new FakeServiceManager());

        var (_, output, _) = RegistrationInvocation.Run(RegistrationCommands.Register, task, Muxer);

        Assert.Contains(@"setx BITSLITE_HOME ""D:\bits""", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ASchtasksFailure_IsOneClearLine_AndANonZeroResult()
    {
        var task = LogonTask(new FakeServiceManager(line => line.Contains("/Create", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(1, error: "ERROR: Access is denied.\r\n")
            : null));

        var (code, _, error) = RegistrationInvocation.Run(RegistrationCommands.Register, task, Muxer);

        Assert.Equal(1, code);
        Assert.Equal(
            $@"bitslite-host register: Could not register the scheduled task: `schtasks /Create /TN BitsLite\Host /XML {task.FilePath} /F` failed (exit code 1): ERROR: Access is denied.",
            error.TrimEnd('\n'));
    }

    [Fact]
    public void UninstallWhenNotRegistered_Succeeds_AndSaysSo()
    {
        var schtasks = new FakeServiceManager(_ => ServiceManagerResult.Exited(1, error: "ERROR: The system cannot find the file specified."));

        var (code, output, _) = RegistrationInvocation.Run(RegistrationCommands.Unregister, LogonTask(schtasks), Muxer);

        Assert.Equal(0, code);
        Assert.Contains("Not registered", output, StringComparison.Ordinal);
        Assert.Equal([@"schtasks /Query /TN BitsLite\Host"], schtasks.Calls);
    }

    [Fact]
    public void Uninstall_EndsAndDeletesTheTask()
    {
        var schtasks = new FakeServiceManager();
        var task = LogonTask(schtasks);
        task.Install(Muxer);
        schtasks.Calls.Clear();

        var (code, _, _) = RegistrationInvocation.Run(RegistrationCommands.Unregister, task, Muxer);

        Assert.Equal(0, code);
        Assert.False(File.Exists(task.FilePath));
        Assert.Equal([@"schtasks /Query /TN BitsLite\Host", @"schtasks /End /TN BitsLite\Host", @"schtasks /Delete /TN BitsLite\Host /F"], schtasks.Calls);
    }

    [Fact]
    public void Status_ReadsTheTaskXmlAndTheListOutput()
    {
        var task = LogonTask(new FakeServiceManager(line => line switch
        {
            _ when line.EndsWith("/XML", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, WindowsLogonTask.Render(Muxer, @"PC\me")),
            _ when line.EndsWith("/NH", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, "\"\\BitsLite\\Host\",\"N/A\",\"Running\"\r\n"),
            _ => null,
        }));
        task.Install(Muxer);

        var status = task.Status(Muxer);

        Assert.Equal(new RegistrationStatus(true, task.FilePath, true, true, status.Message) { UpToDate = true }, status);
    }

    [Fact]
    public void Status_WhenNotRegistered_SaysSo()
    {
        var status = LogonTask(new FakeServiceManager(_ => ServiceManagerResult.Exited(1, error: "ERROR: The system cannot find the file specified."))).Status(Muxer);

        Assert.False(status.Registered);
        Assert.Contains(@"no scheduled task BitsLite\Host", status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\\BitsLite\\Host\",\"N/A\",\"Running\"", true)]
    [InlineData("\"\\BitsLite\\Host\",\"N/A\",\"Ready\"", false)]
    [InlineData("\"\\BitsLite\\Host\",\"N/A\",\"Wird ausgeführt\"", null)]
    [InlineData("", null)]
    public void TheRunningState_IsReadFromEnglishListOutputOnly(string csv, bool? running)
    {
        Assert.Equal(running, WindowsLogonTask.TaskRunning(csv));
    }

    [Fact]
    public void ADisabledTask_IsReportedDisabled()
    {
        var xml = WindowsLogonTask.Render(Muxer, @"PC\me").Replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>", StringComparison.Ordinal);

        Assert.False(WindowsLogonTask.TaskEnabled(xml));
        Assert.True(WindowsLogonTask.TaskEnabled(WindowsLogonTask.Render(Muxer, @"PC\me")));
        Assert.Null(WindowsLogonTask.TaskEnabled("ERROR: not xml"));
    }

    private WindowsLogonTask LogonTask(IServiceManagerRunner runner) => new(_sandbox.Context(user: @"PC\me"), runner);
}
