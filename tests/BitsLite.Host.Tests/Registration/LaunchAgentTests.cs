using System.Xml;
using System.Xml.Linq;
using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class LaunchAgentTests : IDisposable
{
    private static readonly HostLaunchCommand Host = new("/Applications/Bits & Lite <1>/bitslite-host", []);

    private readonly RegistrationSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void ThePlist_IsWellFormed_AndRunsTheHostWithoutAShell()
    {
        var muxer = new HostLaunchCommand("/usr/local/share/dotnet/dotnet", ["/Users/me/Bits \"Lite\" 100%/bitslite-host.dll"]);

        var plist = Parse(LaunchAgent.Render(muxer, bitsLiteHome: null));

        Assert.Equal("plist", plist.Root!.Name.LocalName);
        Assert.Equal("-//Apple//DTD PLIST 1.0//EN", plist.DocumentType!.PublicId);
        var dict = Dict(plist.Root.Element("dict")!);
        Assert.Equal("io.bitslite.host", dict["Label"].Value);
        Assert.Equal(muxer.Words, dict["ProgramArguments"].Elements("string").Select(e => e.Value));
        Assert.Equal("true", dict["RunAtLoad"].Name.LocalName);
        Assert.Equal("false", Dict(dict["KeepAlive"])["SuccessfulExit"].Name.LocalName);
        Assert.Equal("/dev/null", dict["StandardOutPath"].Value);
        Assert.Equal("/dev/null", dict["StandardErrorPath"].Value);
        Assert.False(dict.ContainsKey("EnvironmentVariables"));
    }

    [Fact]
    public void SpecialCharactersInPaths_SurviveThePlist()
    {
        var text = LaunchAgent.Render(Host, null);

        Assert.Contains("Bits &amp; Lite &lt;1&gt;", text, StringComparison.Ordinal);
        Assert.Equal(Host.Words, Dict(Parse(text).Root!.Element("dict")!)["ProgramArguments"].Elements("string").Select(e => e.Value));
    }

    [Fact]
    public void BitsLiteHome_IsPropagatedOnlyWhenSet()
    {
        var dict = Dict(Parse(LaunchAgent.Render(Host, "/Users/me/bits home")).Root!.Element("dict")!);

        Assert.Equal("/Users/me/bits home", Dict(dict["EnvironmentVariables"])["BITSLITE_HOME"].Value);
        Assert.DoesNotContain("EnvironmentVariables", LaunchAgent.Render(Host, ""), StringComparison.Ordinal);
    }

    [Fact]
    public void Install_WritesThePlist_AndBootstrapsItIntoTheGuiDomain()
    {
        var launchctl = new FakeServiceManager(NotLoaded);
        var agent = Agent(launchctl);

        var (code, output, error) = RegistrationInvocation.Run(RegistrationCommands.Register, agent, Host);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(Path.Combine(_sandbox.Home, "Library", "LaunchAgents", "io.bitslite.host.plist"), agent.FilePath);
        Assert.Equal(LaunchAgent.Render(Host, null), File.ReadAllText(agent.FilePath));
        Assert.Equal(
            ["launchctl print gui/501/io.bitslite.host", "launchctl enable gui/501/io.bitslite.host", $"launchctl bootstrap gui/501 {agent.FilePath}"],
            launchctl.Calls);
        Assert.Contains("Registered and started io.bitslite.host", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallTwice_BootsTheOldAgentOut_AndReplacesTheFile()
    {
        var launchctl = new FakeServiceManager();
        var agent = Agent(launchctl);
        var moved = new HostLaunchCommand("/opt/new/bitslite-host", []);
        agent.Install(Host);
        launchctl.Calls.Clear();

        var (code, _, _) = RegistrationInvocation.Run(RegistrationCommands.Register, agent, moved);

        Assert.Equal(0, code);
        Assert.Equal(LaunchAgent.Render(moved, null), File.ReadAllText(agent.FilePath));
        Assert.Equal(
            ["launchctl print gui/501/io.bitslite.host", "launchctl bootout gui/501/io.bitslite.host", "launchctl enable gui/501/io.bitslite.host", $"launchctl bootstrap gui/501 {agent.FilePath}"],
            launchctl.Calls);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(agent.FilePath)!));
    }

    [Fact]
    public void ABootstrapFailure_IsOneClearLine_AndANonZeroResult()
    {
        var agent = Agent(new FakeServiceManager(line => line.Contains("bootstrap", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(5, error: "Bootstrap failed: 5: Input/output error\n")
            : NotLoaded(line)));

        var (code, _, error) = RegistrationInvocation.Run(RegistrationCommands.Register, agent, Host);

        Assert.Equal(1, code);
        Assert.Equal(
            $"bitslite-host register: Wrote {agent.FilePath}, but `launchctl bootstrap gui/501 {agent.FilePath}` failed (exit code 5): Bootstrap failed: 5: Input/output error.",
            error.TrimEnd('\n'));
    }

    [Fact]
    public void BootstrapRightAfterABootout_IsRetried()
    {
        // launchd may still be tearing the old agent down: "Bootstrap failed: 5: Input/output error".
        var attempts = 0;
        var agent = Agent(new FakeServiceManager(line => line.Contains("bootstrap", StringComparison.Ordinal) && ++attempts == 1
            ? ServiceManagerResult.Exited(5, error: "Bootstrap failed: 5: Input/output error")
            : null));

        Assert.Equal(0, RegistrationInvocation.Run(RegistrationCommands.Register, agent, Host).Code);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void UninstallWhenNotRegistered_Succeeds_AndSaysSo()
    {
        var (code, output, _) = RegistrationInvocation.Run(RegistrationCommands.Unregister, Agent(new FakeServiceManager(NotLoaded)), Host);

        Assert.Equal(0, code);
        Assert.Contains("Not registered", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstall_BootsTheAgentOut_AndRemovesThePlist()
    {
        var launchctl = new FakeServiceManager();
        var agent = Agent(launchctl);
        agent.Install(Host);
        launchctl.Calls.Clear();

        var (code, _, _) = RegistrationInvocation.Run(RegistrationCommands.Unregister, agent, Host);

        Assert.Equal(0, code);
        Assert.False(File.Exists(agent.FilePath));
        Assert.Equal(["launchctl print gui/501/io.bitslite.host", "launchctl bootout gui/501/io.bitslite.host"], launchctl.Calls);
    }

    [Fact]
    public void Status_ReadsLaunchctlPrint()
    {
        var agent = Agent(new FakeServiceManager(line => line switch
        {
            _ when line.StartsWith("launchctl print gui", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, "gui/501/io.bitslite.host = {\n\tactive count = 1\n\tstate = running\n}\n"),
            _ when line.StartsWith("launchctl print-disabled", StringComparison.Ordinal) => ServiceManagerResult.Exited(0, "disabled services = {\n\t\"com.other\" => disabled\n}\n"),
            _ => null,
        }));
        agent.Install(Host);

        var status = agent.Status(Host);

        Assert.Equal(new RegistrationStatus(true, agent.FilePath, true, true, status.Message) { UpToDate = true }, status);
        Assert.Equal("Registered: the LaunchAgent io.bitslite.host is enabled and running.", status.Message);
    }

    [Fact]
    public void ADisabledAgent_IsReportedDisabled()
    {
        var agent = Agent(new FakeServiceManager(line => line.StartsWith("launchctl print-disabled", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(0, "disabled services = {\n\t\"io.bitslite.host\" => disabled\n}\n")
            : null));
        agent.Install(Host);

        Assert.False(agent.Status(Host).Enabled);
    }

    [Fact]
    public void Status_WhenNotRegistered_SaysSo()
    {
        var status = Agent(new FakeServiceManager(NotLoaded)).Status(Host);

        Assert.False(status.Registered);
        Assert.Equal("Not registered: " + status.FilePath + " does not exist.", status.Message);
    }

    private LaunchAgent Agent(IServiceManagerRunner runner) => new(_sandbox.Context(user: "501"), runner, TimeSpan.Zero);

    private static ServiceManagerResult? NotLoaded(string line) =>
        line.StartsWith("launchctl print gui", StringComparison.Ordinal)
            ? ServiceManagerResult.Exited(113, error: "Could not find service \"io.bitslite.host\" in domain for user gui: 501\n")
            : null;

    /// <summary>Parses as a plist reader does: the DOCTYPE is read, never fetched.</summary>
    private static XDocument Parse(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null });
        return XDocument.Load(reader);
    }

    /// <summary>A plist &lt;dict&gt; as key → value element.</summary>
    private static Dictionary<string, XElement> Dict(XElement dict)
    {
        var elements = dict.Elements().ToList();
        Assert.True(elements.Count % 2 == 0);
        return Enumerable.Range(0, elements.Count / 2).ToDictionary(i => Assert.IsType<XElement>(elements[2 * i]).Value, i => elements[(2 * i) + 1]);
    }
}
