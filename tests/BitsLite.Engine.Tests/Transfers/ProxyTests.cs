using System.Net;
using System.Net.Sockets;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Transfers;

/// <summary>A second <see cref="FaultServer"/> plays the forward proxy: it serves the file itself and records the absolute-form target.</summary>
public class ProxyTests : TransferTestBase, IAsyncLifetime
{
    private const string ProxyPassword = "proxy-pw-51c0de";
    private static readonly BasicCredential Bob = new("bob", ProxyPassword, "proxy");

    private FaultServer _proxy = null!;

    private string ProxyAddress => _proxy.BaseUri.Authority;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _proxy = await FaultServer.StartAsync();
    }

    public new async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }

    private static TransferRequest Through(IReadOnlyList<string> proxies, IReadOnlyList<string>? bypass = null, string? proxyPassword = null) => new()
    {
        Options = new()
        {
            Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = proxies, Bypass = bypass ?? [] },
            Credentials = proxyPassword is null ? [] : [new TransferCredential { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = proxyPassword }],
        },
    };

    [Fact]
    public async Task Download_WithOverrideProxy_GoesThroughTheProxyInAbsoluteForm()
    {
        var content = EngineHarness.RandomBytes(200_000);
        _proxy.Serve("/via.bin", content);

        var job = await Harness.DownloadAsync(Server.Url("/via.bin"), Harness.Out("via.bin"), Through([ProxyAddress]));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("via.bin")));
        var request = Assert.Single(_proxy.RequestsFor("/via.bin"));
        Assert.True(request.IsAbsoluteForm);
        Assert.Equal(Server.Url("/via.bin").AbsoluteUri, request.RawTarget);
        Assert.Empty(Server.AllRequests);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.*", false)]
    [InlineData("127.0.0.1:1", false)]
    [InlineData("<local>", true)]
    [InlineData("LOCALHOST", true)]
    public async Task Download_ToABypassedHost_GoesDirectly(string bypass, bool byName)
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/direct.bin", content);
        _proxy.Serve("/direct.bin", [9, 9, 9]);

        var job = await Harness.DownloadAsync(Server.Url("/direct.bin", alternateHost: byName), Harness.Out("direct.bin"), Through([ProxyAddress], [bypass]));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("direct.bin")));
        Assert.False(Assert.Single(Server.RequestsFor("/direct.bin")).IsAbsoluteForm);
        Assert.Empty(_proxy.AllRequests);
    }

    [Fact]
    public async Task Download_WithAnUnreachableFirstProxy_FailsOverToTheNext()
    {
        var content = EngineHarness.RandomBytes(10_000);
        _proxy.Serve("/next.bin", content);

        var job = await Harness.DownloadAsync(Server.Url("/next.bin"), Harness.Out("next.bin"), Through([$"127.0.0.1:{ClosedPort()}", ProxyAddress]));
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(0, done.ErrorCount);
        Assert.True(Assert.Single(_proxy.RequestsFor("/next.bin")).IsAbsoluteForm);
    }

    [Fact]
    public async Task Download_WhenNoProxyCanBeReached_IsATransientErrorNamingTheProxy()
    {
        var closed = ClosedPort();

        var through = Through([$"127.0.0.1:{closed}"]);
        var job = await Harness.DownloadAsync(Server.Url("/none.bin"), Harness.Out("none.bin"), through with { Options = through.Options with { RetryInterval = TimeSpan.FromMinutes(10) } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.TransientError);

        Assert.True(failed.Error!.IsTransient);
        Assert.Equal(TransferErrorContext.GeneralTransport, failed.Error.Context);
        Assert.Contains($"proxy 127.0.0.1:{closed}", failed.Error.Description, StringComparison.Ordinal);
        Assert.Empty(Server.AllRequests);
    }

    [Fact]
    public async Task Download_WithProxyCredential_AnswersTheProxyChallenge()
    {
        var content = EngineHarness.RandomBytes(50_000);
        _proxy.Serve("/guarded.bin", content);
        _proxy.ProxyAuthentication = Bob;

        var job = await Harness.DownloadAsync(Server.Url("/guarded.bin"), Harness.Out("guarded.bin"), Through([ProxyAddress], proxyPassword: ProxyPassword));
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("guarded.bin")));
        var requests = _proxy.RequestsFor("/guarded.bin");
        Assert.Equal(407, requests[0].StatusCode);
        Assert.Null(requests[0].ProxyAuthorization);
        Assert.Equal(Bob.Answer, requests[^1].ProxyAuthorization);
        Assert.Equal(200, requests[^1].StatusCode);

        // The proxy's credential is the proxy's: the server is never asked with it.
        Assert.All(requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Download_WithWrongProxyPassword_FailsNamingTheProxy()
    {
        _proxy.Serve("/guarded.bin", [1, 2, 3]);
        _proxy.ProxyAuthentication = Bob;

        var job = await Harness.DownloadAsync(Server.Url("/guarded.bin"), Harness.Out("guarded.bin"), Through([ProxyAddress], proxyPassword: "nope-a81f"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(407, failed.Error!.HttpStatus);
        Assert.False(failed.Error.IsTransient);
        Assert.Contains($"The proxy {ProxyAddress} rejected the credentials for user 'bob' (HTTP 407", failed.Error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-a81f", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ThroughAGuardedProxyWithoutCredentials_SaysTheProxyNeedsThem()
    {
        _proxy.Serve("/guarded.bin", [1, 2, 3]);
        _proxy.ProxyAuthentication = Bob;

        var job = await Harness.DownloadAsync(Server.Url("/guarded.bin"), Harness.Out("guarded.bin"), Through([ProxyAddress]));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(407, failed.Error!.HttpStatus);
        Assert.Contains($"The proxy {ProxyAddress} needs credentials (HTTP 407; it offers Basic)", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_ChangingTheProxy_TakesEffectOnTheNextRequest()
    {
        var content = EngineHarness.RandomBytes(10_000);
        Server.Serve("/switch.bin", content);
        _proxy.Serve("/switch.bin", [1, 2, 3]);
        _proxy.ProxyAuthentication = Bob;
        var job = await Harness.DownloadAsync(Server.Url("/switch.bin"), Harness.Out("switch.bin"), Through([ProxyAddress]));
        await Harness.WaitForAsync(job.Id, TransferState.Error);

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Proxy = new TransferProxy { Usage = TransferProxyUsage.NoProxy } });
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("switch.bin")));
        Assert.Single(Server.RequestsFor("/switch.bin"));
    }

    /// <summary>A loopback port nothing listens on (taken and given back at once), so connecting is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
