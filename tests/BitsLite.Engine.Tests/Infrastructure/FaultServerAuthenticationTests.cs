using System.Net;
using System.Net.Http.Headers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Infrastructure;

/// <summary>The fault server's Basic challenges and its forward-proxy role, checked with a plain HttpClient.</summary>
public sealed class FaultServerAuthenticationTests : IAsyncLifetime
{
    private static readonly BasicCredential Alice = new("alice", "pw-1");

    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static HttpClient Client(IWebProxy? proxy = null) => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = proxy is not null, Proxy = proxy })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task AProtectedResource_ChallengesWithBasic_AndServesTheRightCredentials()
    {
        _server.Serve("/p.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice });
        using var client = Client();

        using var challenged = await client.GetAsync(_server.Url("/p.bin"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, _server.Url("/p.bin"));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice:nope"u8.ToArray()));
        using var refused = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, _server.Url("/p.bin"));
        right.Headers.TryAddWithoutValidation("Authorization", Alice.Answer);
        using var served = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        Assert.Equal("Basic realm=\"files\"", challenged.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal([1, 2, 3], await served.Content.ReadAsByteArrayAsync());
        Assert.Equal([null, "Basic YWxpY2U6bm9wZQ==", Alice.Answer], _server.RequestsFor("/p.bin").Select(r => r.Authorization));
    }

    [Fact]
    public async Task AsAProxy_ItServesByPath_AndRecordsTheAbsoluteTarget()
    {
        _server.Serve("/f.bin", [4, 5]);
        using var client = Client(new WebProxy(_server.BaseUri));

        using var response = await client.GetAsync("http://files.example.test:8080/f.bin");

        Assert.Equal([4, 5], await response.Content.ReadAsByteArrayAsync());
        var request = Assert.Single(_server.RequestsFor("/f.bin"));
        Assert.True(request.IsAbsoluteForm);
        Assert.Equal("http://files.example.test:8080/f.bin", request.RawTarget);
    }

    [Fact]
    public async Task AsAGuardedProxy_ItAnswers407_UntilProxyAuthorizationMatches()
    {
        _server.Serve("/f.bin", [6]);
        _server.ProxyAuthentication = new BasicCredential("bob", "pw-2", "proxy");
        using var client = Client(new WebProxy(_server.BaseUri));
        using var direct = Client();

        using var challenged = await client.GetAsync("http://files.example.test/f.bin");
        using var plain = await direct.GetAsync(_server.Url("/f.bin"));

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, challenged.StatusCode);
        Assert.Equal("Basic realm=\"proxy\"", challenged.Headers.ProxyAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(_server.RequestsFor("/f.bin")[^1].IsAbsoluteForm);

        using var answered = Client(new WebProxy(_server.BaseUri) { Credentials = new NetworkCredential("bob", "pw-2") });
        using var served = await answered.GetAsync("http://files.example.test/f.bin");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(_server.ProxyAuthentication.Answer, _server.RequestsFor("/f.bin")[^1].ProxyAuthorization);
    }
}
