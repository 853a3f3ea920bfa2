using System.CommandLine;
using BitsLite.Cli.Commands;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Client;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// The patch the job settings options of transfer, create and set make, from a real command line parsed with them
/// (<see cref="JobSettingsOptions.AddTo"/>): every setting, zero as "no limit", what a change clears, credentials with
/// their passwords read last, headers from the command line, a file or standard input. (Formerly the tests of
/// JobSettingsValues, JobOptionValues and HeaderParser.)
/// </summary>
public sealed class JobSettingsOptionsTests : IDisposable
{
    private static readonly TransferFileSpec[] Files = [new("https://example.com/a", "/tmp/a")];

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Standard input that fails the test if anything reads it: no password may be asked for.</summary>
    private static CliInput NoInput => new(() => throw new InvalidOperationException("standard input was read (a password was asked for)"), () => false);

    private CliContext Context(CliInput? input = null, Dictionary<string, string>? environment = null) => new()
    {
        Console = new CliConsole(new StringWriter(), new StringWriter()),
        ClientOptions = new BitsLiteClientOptions(),
        CurrentDirectory = _directory.Path,
        Input = input ?? NoInput,
        GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
    };

    /// <summary>Parses <paramref name="args"/> as the options of 'set' (<paramref name="forChange"/>) or of 'create'; a parse error fails the test.</summary>
    private (JobSettingsOptions Options, ParseResult Result) Parse(bool forChange, params string[] args)
    {
        var settings = new JobSettingsOptions("normal", forChange, _directory.Path);
        var command = new Command(forChange ? "set" : "create");
        settings.AddTo(command);
        var result = command.Parse(args);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
        return (settings, result);
    }

    /// <summary>The parse errors of <paramref name="args"/>, one message each.</summary>
    private List<string> ParseErrors(bool forChange, params string[] args)
    {
        var command = new Command(forChange ? "set" : "create");
        new JobSettingsOptions("normal", forChange, _directory.Path).AddTo(command);
        return [.. command.Parse(args).Errors.Select(e => e.Message)];
    }

    private TransferRequest Request(TransferPriority defaultPriority, CliContext context, params string[] args)
    {
        var (settings, result) = Parse(false, args);
        return settings.ReadRequest(result, context, Files, suspended: true, defaultPriority, CancellationToken.None);
    }

    private TransferRequest Request(params string[] args) => Request(TransferPriority.Normal, Context(), args);

    private TransferOptionsPatch Change(CliContext context, params string[] args)
    {
        var (settings, result) = Parse(true, args);
        return settings.ReadChange(result, context, CancellationToken.None);
    }

    private TransferOptionsPatch Change(params string[] args) => Change(Context(), args);

    private static CliException Usage(Action read)
    {
        var ex = Assert.Throws<CliException>(read);
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        return ex;
    }

    private string Executable(string name)
    {
        var path = _directory.CreateFile(name, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    // Texts, priority, times, limits.

    [Fact]
    public void ARequest_CarriesEverySetting()
    {
        var request = Request(TransferPriority.Foreground, Context(),
            "--name", "isos", "--description", "monthly", "--priority", "high", "--max-bandwidth", "2k", "--retry-interval", "1m",
            "--retry-timeout", "0", "--max-download-time", "2h", "-H", "X-A: 1");
        var options = request.Options;

        Assert.Equal("isos", options.DisplayName);
        Assert.Equal("monthly", options.Description);
        Assert.Equal(TransferPriority.High, options.Priority);
        Assert.Equal(2048, options.MaxBandwidth);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryInterval);
        Assert.Equal(TimeSpan.Zero, options.RetryTimeout);
        Assert.Equal(TimeSpan.FromHours(2), options.MaxDownloadTime);
        Assert.Equal(["X-A: 1"], options.CustomHeaders);
        Assert.True(request.Suspended);
        Assert.Equal(Files, request.Files);
    }

    [Fact]
    public void Connections_AreCarried_InARequestAndAChange()
    {
        Assert.Equal(8, Request("--connections", "8").Options.Connections);
        Assert.Equal(1, Change("--connections", "1").Connections);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    public void ConnectionsOutOfRange_AreAUsageError_NamingTheRange(string value)
    {
        var ex = Usage(() => Request("--connections", value));

        Assert.Contains("Connections must be 1 to 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequest_TakesTheVerbsDefaultPriority_AndLeavesTheRestToTheHost()
    {
        var request = Request(TransferPriority.Foreground, Context());

        Assert.Equal(new TransferOptionsPatch { Priority = TransferPriority.Foreground }, request.Options);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("none", "none")]
    [InlineData("unlimited", "off")]
    public void ZeroOrNone_IsNoLimit_InANewJobAsInAChange(string bandwidth, string time)
    {
        // It used to be refused on create (and left out); now a new job says "no limit" the way a change does.
        var request = Request("--max-bandwidth", bandwidth, "--max-download-time", time);
        var change = Change("--max-bandwidth", bandwidth, "--max-download-time", time);

        Assert.Equal((0L, TimeSpan.Zero), (request.Options.MaxBandwidth, request.Options.MaxDownloadTime));
        Assert.Equal((0L, TimeSpan.Zero), (change.MaxBandwidth, change.MaxDownloadTime));
        AssertTheHostTakes(request);
    }

    [Fact]
    public void AChange_SendsNullForWhatWasNotGiven()
    {
        var change = Change("--max-bandwidth", "0");

        Assert.Equal(new TransferOptionsPatch { MaxBandwidth = 0 }, change);
    }

    [Fact]
    public void AnEmptyChange_IsAUsageError()
    {
        var error = Usage(() => Change());

        Assert.Contains("nothing to change", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("a\tb")]
    public void BlankOrControlCharacterNames_AreRefused(string name)
    {
        Assert.Contains("display name", Usage(() => Request("--name", name)).Message, StringComparison.Ordinal);
        Assert.Contains("display name", Usage(() => Change("--name", name)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongDescriptions_AreRefused()
    {
        var error = Usage(() => Change("--description", new string('x', 1025)));

        Assert.Contains("1025", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetryIntervalBelowTheMinimum_IsRefused_WithTheHostsRule()
    {
        var error = Usage(() => Change("--retry-interval", "1s"));

        Assert.Contains("The retry interval must be at least 5 s.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUploadMethodAlone_IsAChange_AndGoesOnlyWithSet()
    {
        Assert.Equal(new TransferOptionsPatch { UploadMethod = UploadMethod.Put }, Change("--upload-method", "put"));
        Assert.Contains(ParseErrors(false, "--upload-method", "put"), e => e.Contains("--upload-method", StringComparison.Ordinal));
    }

    // Headers: -H, --header-file FILE|-, --write-only-headers, --clear-headers.

    [Theory]
    [InlineData("X-Token: abc", "X-Token: abc")]
    [InlineData("X-Token:abc", "X-Token: abc")]
    [InlineData("  Accept :  text/plain  ", "Accept: text/plain")]
    [InlineData("Authorization: Bearer a:b:c", "Authorization: Bearer a:b:c")]
    [InlineData("X-Empty:", "X-Empty:")]
    public void Headers_AreNormalisedAsTheHostKeepsThem(string text, string expected) =>
        Assert.Equal([expected], Request("-H", text).Options.CustomHeaders);

    [Theory]
    [InlineData("NoColon", "write it as \"Name: value\"")]
    [InlineData(": value", "write it as \"Name: value\"")]
    [InlineData("Bad Name: v", "'Bad Name' is not a valid header name")]
    [InlineData("A: b\r\nC: d", "line breaks")]
    public void MalformedHeaders_AreParseErrors_NamingTheOption(string text, string message)
    {
        var error = Assert.Single(ParseErrors(false, "--header", text));

        Assert.StartsWith("--header: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_AreReplacedOrCleared()
    {
        Assert.Equal(["X-A: 1"], Change("-H", "X-A: 1").CustomHeaders);
        Assert.Empty(Change("--clear-headers").CustomHeaders!);
        Assert.Contains("not both", Usage(() => Change("--clear-headers", "-H", "X-A: 1")).Message, StringComparison.Ordinal);
        Assert.Contains("not both", Usage(() => Change("--clear-headers", "--header-file", _directory.CreateFile("h.txt", "X-A: 1\n"))).Message, StringComparison.Ordinal);
        Assert.Contains(ParseErrors(false, "--clear-headers"), e => e.Contains("--clear-headers", StringComparison.Ordinal));
    }

    [Fact]
    public void AHeaderFile_GivesOneHeaderALine_SkippingBlanksAndComments_BeforeThoseOfTheCommandLine()
    {
        var file = _directory.CreateFile("headers.txt", "# the API's token\nAuthorization: Bearer tok-81c2\n\n   \nX-Trace:42\r\n  # indented comment\n");

        var request = Request("--header-file", file, "-H", "X-Last: 1");

        Assert.Equal(["Authorization: Bearer tok-81c2", "X-Trace: 42", "X-Last: 1"], request.Options.CustomHeaders);
    }

    [Fact]
    public void ARelativeHeaderFile_IsFoundInTheCurrentDirectory()
    {
        _directory.CreateFile("rel/headers.txt", "X-A: 1\n");

        Assert.Equal(["X-A: 1"], Change("--header-file", "rel/headers.txt").CustomHeaders);
    }

    [Fact]
    public void AHeaderFileOfDash_IsStandardInput()
    {
        var context = Context(CliInput.FromText("Authorization: Bearer from-stdin-5d\n# done\n"));

        var change = Change(context, "--header-file", "-");

        Assert.Equal(["Authorization: Bearer from-stdin-5d"], change.CustomHeaders);
    }

    [Fact]
    public void ABadLineInAHeaderFile_IsAUsageError_NamingTheLineButNeverItsText()
    {
        var file = _directory.CreateFile("bad.txt", "X-Good: 1\nthis-is-secret-4f2a\n");

        var error = Usage(() => Request("--header-file", file));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("--header-file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("this-is-secret-4f2a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingHeaderFile_IsAUsageError()
    {
        var error = Usage(() => Request("--header-file", _directory.File("missing.txt")));

        Assert.Contains("--header-file: cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteOnlyHeaders_AreAskedForOnlyByTheOption()
    {
        Assert.True(Request("-H", "X-A: 1", "--write-only-headers").Options.CustomHeadersWriteOnly);
        Assert.Null(Request("-H", "X-A: 1").Options.CustomHeadersWriteOnly);
        Assert.Equal(new TransferOptionsPatch { CustomHeadersWriteOnly = true }, Change("--write-only-headers"));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("on", true)]
    [InlineData("FALSE", false)]
    public void Headers_GoToOtherOrigins_OnlyWhenAsked_WithYesOrNo(string answer, bool expected)
    {
        Assert.Equal(expected, Request("-H", "X-A: 1", "--headers-to-other-origins", answer).Options.CustomHeadersToOtherOrigins);
        Assert.Equal(new TransferOptionsPatch { CustomHeadersToOtherOrigins = expected }, Change("--headers-to-other-origins", answer));
        Assert.Null(Request("-H", "X-A: 1").Options.CustomHeadersToOtherOrigins);
    }

    [Fact]
    public void HeadersToOtherOrigins_NeedsYesOrNo()
    {
        Assert.Contains(ParseErrors(false, "--headers-to-other-origins", "maybe"), e => e.Contains("--headers-to-other-origins: 'maybe' is not yes or no", StringComparison.Ordinal));
        Assert.NotEmpty(ParseErrors(false, "--headers-to-other-origins"));
    }

    // Credentials, proxy, notification, network.

    [Fact]
    public void ARequest_CarriesCredentialsProxyNotificationAndNetwork_AndReadsTheServersPasswordFirst()
    {
        var program = Executable("logger");
        var context = Context(CliInput.FromText("pw-ann\npw-bob\n"));

        var request = Request(TransferPriority.Normal, context,
            "--user", "ann", "--proxy-user", @"CORP\bob", "--proxy-auth", "ntlm", "--proxy", "p1:8080", "--proxy", "p2:8080",
            "--proxy-bypass", "*.example.com", "--notify", program, "--notify-arg", "job", "--notify-arg", "a b", "--notify-on", "error",
            "--network", "unmetered");
        var options = request.Options;

        Assert.Equal(
            [
                new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann", Password = "pw-ann" },
                new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = @"CORP\bob", Password = "pw-bob" },
            ],
            options.Credentials);
        Assert.Equal(TransferProxyUsage.Override, options.Proxy!.Usage);
        Assert.Equal(["p1:8080", "p2:8080"], options.Proxy.List);
        Assert.Equal(["*.example.com"], options.Proxy.Bypass);
        Assert.Equal(program, options.Notification!.Program);
        Assert.Equal(["job", "a b"], options.Notification.Arguments);
        Assert.Equal(TransferNotifyEvents.Error, options.Notification.On);
        Assert.Equal(TransferCostPolicy.Unmetered, options.TransferPolicy);
    }

    [Fact]
    public void Passwords_ComeFromTheVariables_WhenTheyAreSet()
    {
        var context = Context(environment: new() { ["BITSLITE_PASSWORD"] = "env-ann", ["BITSLITE_PROXY_PASSWORD"] = "env-bob" });

        var change = Change(context, "--user", "ann", "--auth", "digest", "--proxy-user", "bob", "--proxy", "p:1");

        Assert.Equal(["Server Digest ann env-ann", "Proxy Basic bob env-bob"], change.Credentials!.Select(c => $"{c.Target} {c.Scheme} {c.UserName} {c.Password}"));
    }

    [Fact]
    public void WithoutTheOptions_ARequestTakesTheDefaults_AndAsksNoPassword()
    {
        var options = Request().Options;
        var notify = Request("--notify", Executable("true")).Options.Notification!;

        Assert.Null(options.Credentials);
        Assert.Null(options.Proxy);
        Assert.Null(options.Notification);
        Assert.Null(options.TransferPolicy);
        Assert.Equal(TransferNotifyEvents.Transferred | TransferNotifyEvents.Error, notify.On);
        Assert.Empty(notify.Arguments);
    }

    [Fact]
    public void AChange_ReplacesOrClears_AndLeavesTheRest()
    {
        var none = Change("--proxy-usage", "none");
        Assert.Equal(TransferProxyUsage.NoProxy, none.Proxy!.Usage);
        Assert.Empty(none.Proxy.List);
        Assert.Null(none.Credentials);
        Assert.Null(none.Notification);
        Assert.Null(none.TransferPolicy);

        var cleared = Change("--clear-credentials", "--no-notify");
        Assert.Empty(cleared.Credentials!);
        Assert.Equal("", cleared.Notification!.Program);

        Assert.Equal(TransferCostPolicy.Always, Change("--network", "any").TransferPolicy);

        var proxyOnly = Change(Context(environment: new() { ["BITSLITE_PROXY_PASSWORD"] = "Proxybob" }), "--proxy-user", "bob");
        Assert.Equal([new TransferCredential { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = "Proxybob" }], proxyOnly.Credentials);
    }

    public static TheoryData<string, string> Misfits => new()
    {
        { "--auth ntlm", "--auth needs --user" },
        { "--proxy-auth basic", "--proxy-auth needs --proxy-user" },
        { "--user a:b", "A Basic user name cannot contain ':'" },
        { "--proxy-bypass x", "--proxy-bypass needs --proxy HOST:PORT" },
        { "--proxy-usage none --proxy p:1", "A proxy list and bypass list go only with proxy usage Override, not NoProxy." },
        { "--proxy-usage system --proxy-bypass x", "go only with proxy usage Override, not SystemDefault" },
        { "--proxy-usage override", "Proxy usage Override needs at least one proxy (host:port)." },
        { "--notify-arg a", "--notify-arg and --notify-on need --notify PROGRAM" },
        { "--notify-on error", "--notify-arg and --notify-on need --notify PROGRAM" },
        { "--user ann --proxy-bypass x", "--proxy-bypass needs --proxy HOST:PORT" },
        { "--user ann --proxy-user bob --proxy-usage none --proxy p:1", "go only with proxy usage Override, not NoProxy" },
    };

    [Theory]
    [MemberData(nameof(Misfits))]
    public void OptionsThatDoNotFit_AreUsageErrors_BeforeAnyPasswordIsAsked(string commandLine, string message)
    {
        var args = commandLine.Split(' ');

        Assert.Contains(message, Usage(() => Request(args)).Message, StringComparison.Ordinal);
        Assert.Contains(message, Usage(() => Change(args)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClearingAndSettingAtOnce_IsRefused()
    {
        Assert.Contains("--clear-credentials cannot be combined with --user or --proxy-user", Usage(() => Change("--clear-credentials", "--proxy-user", "bob")).Message, StringComparison.Ordinal);
        Assert.Contains("give either --notify (to replace the notification) or --no-notify, not both", Usage(() => Change("--no-notify", "--notify", Executable("n"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--clear-credentials")]
    [InlineData("--no-notify")]
    public void ClearingOptions_OnlyApplyToSet(string option) =>
        Assert.Contains(ParseErrors(false, option), e => e.Contains(option, StringComparison.Ordinal));

    /// <summary>What the CLI sends passes the host's own check of a whole request.</summary>
    private static void AssertTheHostTakes(TransferRequest request) => TransferRequestRules.Validate(request);
}
