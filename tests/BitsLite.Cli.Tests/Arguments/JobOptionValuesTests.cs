using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

/// <summary>Credentials, proxy, notification and network in <see cref="JobSettingsValues"/>: the rules of the PowerShell cmdlets' TransferRequestMapper.</summary>
public class JobOptionValuesTests
{
    private static readonly TransferFileSpec[] Files = [new("https://example.com/a", "/tmp/a")];

    /// <summary>Passwords as "target:user", and the order they were asked for.</summary>
    private sealed class Passwords
    {
        public List<string> Asked { get; } = [];

        public string Read(TransferCredentialTarget target, string userName)
        {
            Asked.Add($"{target}:{userName}");
            return $"pw-{target}-{userName}";
        }
    }

    [Fact]
    public void A_request_carries_credentials_proxy_notification_and_network()
    {
        var passwords = new Passwords();
        var request = new JobSettingsValues
        {
            UserName = "ann",
            ProxyUserName = @"CORP\bob",
            ProxyAuthentication = TransferAuthScheme.Ntlm,
            ProxyList = ["p1:8080", "p2:8080"],
            ProxyBypass = ["*.example.com"],
            NotifyProgram = "/usr/bin/logger",
            NotifyArguments = ["-t", "bits"],
            NotifyOn = TransferNotifyEvents.Error,
            TransferPolicy = TransferCostPolicy.Unmetered,
        }.ToRequest(Files, suspended: false, TransferPriority.Normal, passwords.Read);

        Assert.Equal(
            [
                new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann", Password = "pw-Server-ann" },
                new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = @"CORP\bob", Password = @"pw-Proxy-CORP\bob" },
            ],
            request.Credentials);
        Assert.Equal(["Server:ann", @"Proxy:CORP\bob"], passwords.Asked);
        Assert.Equal(TransferProxyUsage.Override, request.Proxy!.Usage);
        Assert.Equal(["p1:8080", "p2:8080"], request.Proxy.List);
        Assert.Equal(["*.example.com"], request.Proxy.Bypass);
        Assert.Equal("/usr/bin/logger", request.Notification!.Program);
        Assert.Equal(["-t", "bits"], request.Notification.Arguments);
        Assert.Equal(TransferNotifyEvents.Error, request.Notification.On);
        Assert.Equal(TransferCostPolicy.Unmetered, request.TransferPolicy);
    }

    [Fact]
    public void Without_the_options_a_request_takes_the_defaults_and_asks_no_password()
    {
        var request = new JobSettingsValues().ToRequest(Files, suspended: false, TransferPriority.Normal, (_, _) => throw new InvalidOperationException("asked"));
        Assert.Empty(request.Credentials);
        Assert.Null(request.Proxy);
        Assert.Null(request.Notification);
        Assert.Equal(TransferCostPolicy.Always, request.TransferPolicy);

        var notify = new JobSettingsValues { NotifyProgram = "/bin/true" }.ToRequest(Files, false, TransferPriority.Normal);
        Assert.Equal(TransferNotifyEvents.Transferred | TransferNotifyEvents.Error, notify.Notification!.On);
        Assert.Empty(notify.Notification.Arguments);
    }

    [Fact]
    public void A_change_replaces_or_clears_and_leaves_the_rest()
    {
        var none = new JobSettingsValues { ProxyUsage = TransferProxyUsage.NoProxy }.ToSettings();
        Assert.Equal(new TransferProxy { Usage = TransferProxyUsage.NoProxy }.Usage, none.Proxy!.Usage);
        Assert.Empty(none.Proxy.List);
        Assert.Null(none.Credentials);
        Assert.Null(none.Notification);
        Assert.Null(none.TransferPolicy);

        var cleared = new JobSettingsValues { ClearCredentials = true, NoNotify = true }.ToSettings();
        Assert.Empty(cleared.Credentials!);
        Assert.Equal("", cleared.Notification!.Program);

        var network = new JobSettingsValues { TransferPolicy = TransferCostPolicy.Always }.ToSettings();
        Assert.Equal(TransferCostPolicy.Always, network.TransferPolicy);

        var proxyOnly = new JobSettingsValues { ProxyUserName = "bob" }.ToSettings((target, user) => target + user);
        Assert.Equal([new TransferCredential { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = "Proxybob" }], proxyOnly.Credentials);
    }

    private static readonly Dictionary<string, (JobSettingsValues Values, string Message)> Misfits = new()
    {
        ["auth without user"] = (new JobSettingsValues { Authentication = TransferAuthScheme.Ntlm }, "--auth needs --user"),
        ["proxy auth without proxy user"] = (new JobSettingsValues { ProxyAuthentication = TransferAuthScheme.Basic }, "--proxy-auth needs --proxy-user"),
        ["colon in a Basic user"] = (new JobSettingsValues { UserName = "a:b" }, "a Basic user name cannot contain ':'"),
        ["bypass without proxy"] = (new JobSettingsValues { ProxyBypass = ["x"] }, "--proxy-bypass needs --proxy HOST:PORT"),
        ["proxy with none"] = (new JobSettingsValues { ProxyUsage = TransferProxyUsage.NoProxy, ProxyList = ["p:1"] }, "--proxy and --proxy-bypass go only with --proxy-usage override, not none"),
        ["bypass with system"] = (new JobSettingsValues { ProxyUsage = TransferProxyUsage.SystemDefault, ProxyBypass = ["x"] }, "go only with --proxy-usage override, not system"),
        ["override without proxy"] = (new JobSettingsValues { ProxyUsage = TransferProxyUsage.Override }, "--proxy-usage override needs --proxy HOST:PORT"),
        ["notify arg without notify"] = (new JobSettingsValues { NotifyArguments = ["a"] }, "--notify-arg and --notify-on need --notify PROGRAM"),
        ["notify on without notify"] = (new JobSettingsValues { NotifyOn = TransferNotifyEvents.Error }, "--notify-arg and --notify-on need --notify PROGRAM"),
    };

    public static TheoryData<string> MisfitNames => [.. Misfits.Keys];

    [Theory]
    [MemberData(nameof(MisfitNames))]
    public void Options_that_do_not_fit_are_usage_errors_before_any_password_is_asked(string misfit)
    {
        var (values, message) = Misfits[misfit];
        PasswordSource never = (_, _) => throw new InvalidOperationException("a password was asked for");
        var request = Assert.Throws<CliException>(() => values.ToRequest(Files, false, TransferPriority.Normal, never));
        Assert.Equal(ExitCodes.Usage, request.ExitCode);
        Assert.Contains(message, request.Message, StringComparison.Ordinal);
        var change = Assert.Throws<CliException>(() => values.ToSettings(never));
        Assert.Contains(message, change.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misfit_after_the_credentials_still_stops_before_the_password()
    {
        PasswordSource never = (_, _) => throw new InvalidOperationException("a password was asked for");
        var values = new JobSettingsValues { UserName = "ann", ProxyBypass = ["x"] };
        Assert.Throws<CliException>(() => values.ToRequest(Files, false, TransferPriority.Normal, never));
        Assert.Throws<CliException>(() => values.ToSettings(never));
    }

    [Theory]
    [InlineData("credentials", "--clear-credentials cannot be combined with --user or --proxy-user")]
    [InlineData("notify", "give either --notify (to replace the notification) or --no-notify, not both")]
    public void Clearing_and_setting_at_once_is_refused(string what, string message)
    {
        var values = what == "credentials"
            ? new JobSettingsValues { ClearCredentials = true, ProxyUserName = "bob" }
            : new JobSettingsValues { NoNotify = true, NotifyProgram = "/bin/true" };
        var error = Assert.Throws<CliException>(() => values.ToSettings((_, _) => "x"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--clear-credentials")]
    [InlineData("--no-notify")]
    public void Clearing_options_only_apply_to_set(string option)
    {
        var values = option == "--no-notify" ? new JobSettingsValues { NoNotify = true } : new JobSettingsValues { ClearCredentials = true };
        var error = Assert.Throws<CliException>(() => values.ToRequest(Files, false, TransferPriority.Normal));
        Assert.Contains($"{option} only applies to 'set'", error.Message, StringComparison.Ordinal);
    }
}
