using System.Globalization;
using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// Credentials, proxy, notification and network options of transfer, create and set against the real host, downloading
/// from a server (and through a proxy) that demand Basic credentials. The tests share one host, each in a space of its own.
/// </summary>
public sealed class JobOptionFlowTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private const string Password = "ann-pw-5e1f0c";
    private const string ProxyPassword = "bob-pw-9a2d7b";
    private static readonly BasicCredential Ann = new("ann", Password);
    private static readonly BasicCredential Bob = new("bob", ProxyPassword, "proxy");

    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.CancelActiveJobsAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    /// <summary>Runs with standard input <paramref name="stdin"/> (not a terminal) and only the variables given.</summary>
    private Task<CliResult> RunWithAsync(string stdin, Dictionary<string, string> environment, params string[] args) =>
        _space.RunAsync(CliInput.FromText(stdin), environment, args);

    private async Task<TransferInfo> OnlyJobAsync() => Assert.Single(await _space.JobsAsync());

    private static string Id(TransferInfo job) => job.Id.ToString("D", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ATransferWithUserAndBitsLitePassword_AnswersTheBasicChallenge_AndInfoShowsNoPassword()
    {
        var source = _space.Serve("private.bin", 5000, new FaultPlan { RequireBasic = Ann });

        var result = await RunWithAsync("", new() { ["BITSLITE_PASSWORD"] = Password }, "transfer", source, "private.bin", "--user", "ann");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(5000, new FileInfo(_space.Out("private.bin")).Length);
        var requests = _env.Server.RequestsFor(_space.ServerPath("private.bin"));
        Assert.Equal(401, requests[0].StatusCode);
        Assert.Null(requests[0].Authorization);
        Assert.Equal(Ann.Answer, requests[^1].Authorization);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);

        var job = await OnlyJobAsync();
        var info = await RunAsync("info", Id(job));
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        Assert.Contains("Credentials:       Server, Basic, user ann" + Environment.NewLine, info.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, info.Output, StringComparison.Ordinal);

        var json = await RunAsync("info", Id(job), "--json");
        Assert.DoesNotContain(Password, json.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json.Output, StringComparison.OrdinalIgnoreCase);
        var credential = Assert.Single(JsonSerializer.Deserialize(json.Output, CliJsonContext.Default.TransferInfo)!.Options.Credentials);
        Assert.Equal(new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann" }, credential);
    }

    [Fact]
    public async Task BothPasswords_ComeFromStandardInput_TheServersFirst()
    {
        // The file server is its own forward proxy here: it wants bob at the proxy and ann for the file.
        var source = _space.Serve("via.bin", 3000, new FaultPlan { RequireBasic = Ann });
        var proxy = _env.Server.BaseUri.Authority;
        _env.Server.ProxyAuthentication = Bob;
        CliResult result;
        try
        {
            result = await RunWithAsync(Password + "\n" + ProxyPassword + "\n", new(),
                "transfer", source, "via.bin", "--user", "ann", "--proxy-user", "bob", "--proxy", proxy, "--proxy-bypass", "*.example.com");
        }
        finally
        {
            _env.Server.ProxyAuthentication = null;
        }

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(3000, new FileInfo(_space.Out("via.bin")).Length);
        var requests = _env.Server.RequestsFor(_space.ServerPath("via.bin"));
        Assert.All(requests, r => Assert.True(r.IsAbsoluteForm, r.RawTarget));
        Assert.Equal(Bob.Answer, requests[^1].ProxyAuthorization);
        Assert.Equal(Ann.Answer, requests[^1].Authorization);
        Assert.Equal(200, requests[^1].StatusCode);

        var info = await RunAsync("info", Id(await OnlyJobAsync()));
        Assert.Contains("Credentials:       Server, Basic, user ann" + Environment.NewLine + "                   Proxy, Basic, user bob", info.Output, StringComparison.Ordinal);
        Assert.Contains("Proxy:             Override" + Environment.NewLine + $"  Proxies:         {proxy}" + Environment.NewLine + "  Bypass:          *.example.com", info.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ProxyPassword, info.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ReplacesAndClearsProxyAndCredentials()
    {
        var name = "guarded" + _space.Tag;
        var created = await RunWithAsync("", new() { ["BITSLITE_PASSWORD"] = Password }, "create", "--suspended", "--name", name,
            "--user", @"CORP\ann", "--auth", "ntlm", "--proxy", "p1:8080", "--proxy", "p2:8080", "--proxy-bypass", "<local>,*.corp");
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var job = await OnlyNamedAsync(name);
        Assert.Equal(TransferProxyUsage.Override, job.Options.Proxy.Usage);
        Assert.Equal(["p1:8080", "p2:8080"], job.Options.Proxy.List);
        Assert.Equal(["<local>", "*.corp"], job.Options.Proxy.Bypass);
        Assert.Equal(TransferAuthScheme.Ntlm, Assert.Single(job.Options.Credentials).Scheme);

        var direct = await RunAsync("set", name, "--proxy-usage", "none");
        Assert.Equal(ExitCodes.Success, direct.ExitCode);
        Assert.Contains("Proxy:             NoProxy (direct)" + Environment.NewLine, direct.Output, StringComparison.Ordinal);
        job = await _env.Client.GetAsync(job.Id);
        Assert.Equal(TransferProxyUsage.NoProxy, job.Options.Proxy.Usage);
        Assert.Empty(job.Options.Proxy.List);
        Assert.Empty(job.Options.Proxy.Bypass);
        Assert.Single(job.Options.Credentials);

        // A proxy credential joins the server's: each replaces only its own target's.
        var proxyUser = await RunWithAsync("", new() { ["BITSLITE_PROXY_PASSWORD"] = ProxyPassword }, "set", name, "--proxy-user", "bob", "--proxy-auth", "digest");
        Assert.Equal(ExitCodes.Success, proxyUser.ExitCode);
        Assert.Contains("Credentials:       Server, Ntlm, user CORP\\ann" + Environment.NewLine + "                   Proxy, Digest, user bob", proxyUser.Output, StringComparison.Ordinal);

        var cleared = await RunAsync("set", name, "--clear-credentials", "--network", "unmetered");
        Assert.Equal(ExitCodes.Success, cleared.ExitCode);
        Assert.Contains("Credentials:       none", cleared.Output, StringComparison.Ordinal);
        job = await _env.Client.GetAsync(job.Id);
        Assert.Empty(job.Options.Credentials);
        Assert.Equal(TransferCostPolicy.Unmetered, job.Options.TransferPolicy);
    }

    [Fact]
    public async Task ANotification_RoundTripsThroughInfoJson_AndNoNotifyRemovesIt()
    {
        var script = _space.CreateFile("fetched.sh", "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var name = "notified" + _space.Tag;
        var created = await RunAsync("create", "--suspended", "--name", name, "--notify", "./fetched.sh",
            "--notify-arg", "isos", "--notify-arg", "a b", "--notify-arg=-v", "--notify-on", "error", "--json");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var job = JsonSerializer.Deserialize(created.Output, CliJsonContext.Default.TransferInfo)!;
        var expected = new TransferNotification { Program = script, Arguments = ["isos", "a b", "-v"], On = TransferNotifyEvents.Error };
        AssertNotification(expected, job.Options.Notification);

        var json = await RunAsync("info", name, "--json");
        AssertNotification(expected, JsonSerializer.Deserialize(json.Output, CliJsonContext.Default.TransferInfo)!.Options.Notification);
        using (var document = JsonDocument.Parse(json.Output))
        {
            var notification = document.RootElement.GetProperty("options").GetProperty("notification");
            Assert.Equal(script, notification.GetProperty("program").GetString());
            Assert.Equal("Error", notification.GetProperty("on").GetString());
        }

        var info = await RunAsync("info", name);
        Assert.Contains($"Notify:            {script} isos 'a b' -v" + Environment.NewLine + "  On:              Error", info.Output, StringComparison.Ordinal);

        var replaced = await RunAsync("set", name, "--notify", script, "--json");
        AssertNotification(new TransferNotification { Program = script }, JsonSerializer.Deserialize(replaced.Output, CliJsonContext.Default.TransferInfo)!.Options.Notification);

        var removed = await RunAsync("set", name, "--no-notify");
        Assert.Equal(ExitCodes.Success, removed.ExitCode);
        Assert.Contains("Notify:            none", removed.Output, StringComparison.Ordinal);
        Assert.Null((await _env.Client.GetAsync(job.Id)).Options.Notification);
    }

    [Fact]
    public async Task AnUnmeteredJob_ShowsItsPolicy_AndWhyItWaitsOnAMeteredNetwork()
    {
        await _env.Client.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Metered });
        try
        {
            var created = await RunAsync("create", _space.Serve("later.bin"), "later.bin", "--network", "unmetered", "--json");
            Assert.Equal(ExitCodes.Success, created.ExitCode);
            var job = JsonSerializer.Deserialize(created.Output, CliJsonContext.Default.TransferInfo)!;
            Assert.Equal(TransferCostPolicy.Unmetered, job.Options.TransferPolicy);
            job = await _env.WaitForAsync(job.Id, j => j.QueueReason is not null);

            var info = await RunAsync("info", Id(job));
            Assert.Contains($"State:             Queued, {job.QueueReason}", info.Output, StringComparison.Ordinal);
            Assert.Contains("waiting for an unmetered network", info.Output, StringComparison.Ordinal);
            Assert.Contains("Transfer policy:   Unmetered (waits while the network is metered)", info.Output, StringComparison.Ordinal);
            Assert.Empty(_env.Server.RequestsFor(_space.ServerPath("later.bin")));

            // Any network will do: it starts.
            var any = await RunAsync("set", Id(job), "--network", "any");
            Assert.Contains("Transfer policy:   Always (any network)", any.Output, StringComparison.Ordinal);
            await _env.SettleAsync(job.Id, TransferState.Transferred);
        }
        finally
        {
            await _env.Client.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Auto });
        }
    }

    private async Task<TransferInfo> OnlyNamedAsync(string name) => Assert.Single(await _env.ListAsync(), j => j.Options.DisplayName == name);

    private static void AssertNotification(TransferNotification expected, TransferNotification? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Program, actual.Program);
        Assert.Equal(expected.Arguments, actual.Arguments);
        Assert.Equal(expected.On, actual.On);
    }
}
