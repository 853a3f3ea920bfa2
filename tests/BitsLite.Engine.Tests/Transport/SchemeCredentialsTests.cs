using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transport;

public class SchemeCredentialsTests
{
    private static readonly Uri Origin = new("https://files.example.test/releases/a.iso");

    private static SchemeCredentials ServerCredentials(params TransferCredential[] credentials) => new(credentials, Origin);

    [Theory]
    [InlineData("https://files.example.test/other/b.iso", true)]
    [InlineData("https://FILES.example.test:443/", true)]
    [InlineData("http://files.example.test/releases/a.iso", false)]
    [InlineData("https://files.example.test:8443/releases/a.iso", false)]
    [InlineData("https://cdn.example.test/releases/a.iso", false)]
    public void ServerCredentials_AreGivenToTheOriginalOriginOnly(string url, bool given)
    {
        var credentials = ServerCredentials(new TransferCredential { UserName = "alice", Password = "pw" });

        Assert.Equal(given, credentials.GetCredential(new Uri(url), "Basic") is not null);
    }

    [Fact]
    public void Credentials_AreGivenForTheirOwnSchemeOnly()
    {
        var credentials = ServerCredentials(
            new TransferCredential { UserName = "alice", Password = "basic-pw" },
            new TransferCredential { UserName = "CORP\\alice", Password = "ntlm-pw", Scheme = TransferAuthScheme.Ntlm });

        Assert.Equal("basic-pw", credentials.GetCredential(Origin, "basic")!.Password);
        Assert.Null(credentials.GetCredential(Origin, "Digest"));
        Assert.Null(credentials.GetCredential(Origin, "Negotiate"));
        var ntlm = credentials.GetCredential(Origin, "NTLM")!;
        Assert.Equal(("alice", "CORP", "ntlm-pw"), (ntlm.UserName, ntlm.Domain, ntlm.Password));
    }

    [Fact]
    public void BasicUserNames_KeepTheirBackslash()
    {
        var credentials = ServerCredentials(new TransferCredential { UserName = "CORP\\alice", Password = "pw" });

        var basic = credentials.GetCredential(Origin, "Basic")!;

        Assert.Equal(("CORP\\alice", ""), (basic.UserName, basic.Domain));
    }

    [Fact]
    public void ProxyCredentials_AreGivenToAnyProxy()
    {
        var credentials = new SchemeCredentials([new TransferCredential { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = "pw" }], origin: null);

        Assert.Equal("bob", credentials.GetCredential(new Uri("http://proxy-a.test:3128/"), "Basic")!.UserName);
        Assert.Equal("bob", credentials.GetCredential(new Uri("http://proxy-b.test:8080/"), "Basic")!.UserName);
    }
}
