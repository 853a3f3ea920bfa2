using System.Net;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Transport;

/// <summary>
/// <see cref="HttpSource"/> with an explicit stand-in for the system proxy (a second <see cref="FaultServer"/>), so no
/// test changes the process's http_proxy environment.
/// </summary>
public sealed class HttpSourceAccessTests : IAsyncLifetime
{
    private static readonly byte[] Content = EngineHarness.RandomBytes(20_000);
    private static readonly BasicCredential Bob = new("bob", "proxy-pw-0b7e", "proxy");

    private FaultServer _origin = null!;
    private FaultServer _systemProxy = null!;
    private HttpSource _source = null!;

    public async Task InitializeAsync()
    {
        _origin = await FaultServer.StartAsync();
        _systemProxy = await FaultServer.StartAsync();
        _origin.Serve("/file.bin", Content);
        _systemProxy.Serve("/file.bin", Content);
        _source = new HttpSource(new TransferEngineOptions { DatabasePath = "unused.db" }, new WebProxy(_systemProxy.BaseUri));
    }

    public async Task DisposeAsync()
    {
        _source.Dispose();
        await _origin.DisposeAsync();
        await _systemProxy.DisposeAsync();
    }

    private async Task<byte[]> FetchAsync(HttpAccess access, Uri? url = null)
    {
        using var response = await _source.OpenAsync(url ?? _origin.Url("/file.bin"), 0, null, [], access, CancellationToken.None);
        using var copy = new MemoryStream();
        await response.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static HttpAccess Access(TransferProxyUsage usage, params TransferCredential[] credentials) =>
        new(credentials, new TransferProxy { Usage = usage });

    private static TransferCredential ProxyCredential(string password) =>
        new() { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = password };

    [Fact]
    public async Task SystemDefault_GoesThroughTheSystemProxy_OnTheSharedHandler()
    {
        Assert.Equal(Content, await FetchAsync(HttpAccess.Default));

        Assert.True(Assert.Single(_systemProxy.AllRequests).IsAbsoluteForm);
        Assert.Empty(_origin.AllRequests);
        Assert.Equal(0, _source.Clients.Count);
    }

    [Fact]
    public async Task NoProxy_IgnoresTheSystemProxy()
    {
        Assert.Equal(Content, await FetchAsync(Access(TransferProxyUsage.NoProxy)));

        Assert.False(Assert.Single(_origin.AllRequests).IsAbsoluteForm);
        Assert.Empty(_systemProxy.AllRequests);
    }

    [Fact]
    public async Task AutoDetect_UsesTheSystemProxy_WithTheJobsProxyCredential()
    {
        _systemProxy.ProxyAuthentication = Bob;

        Assert.Equal(Content, await FetchAsync(Access(TransferProxyUsage.AutoDetect, ProxyCredential(Bob.Password))));

        Assert.Equal(Bob.Answer, _systemProxy.AllRequests[^1].ProxyAuthorization);
        Assert.Empty(_origin.AllRequests);
    }

    [Fact]
    public async Task SystemProxyRefusingTheCredential_IsAFatal407NamingIt()
    {
        _systemProxy.ProxyAuthentication = Bob;

        var failure = await Assert.ThrowsAsync<TransferFailure>(() => FetchAsync(Access(TransferProxyUsage.SystemDefault, ProxyCredential("wrong-0c4d"))));

        Assert.False(failure.IsTransient);
        Assert.Equal(407, failure.HttpStatus);
        Assert.Contains($"The proxy {_systemProxy.BaseUri.Authority} rejected the credentials for user 'bob'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-0c4d", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsWithTheSameSettings_ShareAHandler_AndChangedSettingsGetAnother()
    {
        var first = Access(TransferProxyUsage.NoProxy, new TransferCredential { UserName = "alice", Password = "one" });
        var same = Access(TransferProxyUsage.NoProxy, new TransferCredential { UserName = "alice", Password = "one" });
        var changed = Access(TransferProxyUsage.NoProxy, new TransferCredential { UserName = "alice", Password = "two" });

        await FetchAsync(first);
        await FetchAsync(same);
        Assert.Equal(1, _source.Clients.Count);

        await FetchAsync(changed);
        Assert.Equal(2, _source.Clients.Count);

        // Server credentials are bound to the origin: another host name gets a handler of its own.
        await FetchAsync(first, _origin.Url("/file.bin", alternateHost: true));
        Assert.Equal(3, _source.Clients.Count);

        await FetchAsync(HttpAccess.Default);
        Assert.Equal(3, _source.Clients.Count);
    }

    [Fact]
    public async Task Dispose_DisposesTheJobsHandlers()
    {
        await FetchAsync(Access(TransferProxyUsage.NoProxy));
        Assert.Equal(1, _source.Clients.Count);

        _source.Dispose();

        Assert.Equal(0, _source.Clients.Count);
    }
}
