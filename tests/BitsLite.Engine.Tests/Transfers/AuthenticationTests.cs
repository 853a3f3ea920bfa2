using System.Text;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Transfers;

public class AuthenticationTests : TransferTestBase
{
    private const string Password = "Pa55-unique-7f3c91";
    private static readonly BasicCredential Alice = new("alice", Password);

    private static TransferRequest WithServerCredential(string password = Password, TransferAuthScheme scheme = TransferAuthScheme.Basic) => new()
    {
        Options = new() { Credentials = [new TransferCredential { UserName = "alice", Password = password, Scheme = scheme }] },
    };

    [Fact]
    public async Task Download_WithBasicCredential_AnswersChallenge()
    {
        var content = EngineHarness.RandomBytes(300_000);
        Server.Serve("/secret.bin", content, new FaultPlan { RequireBasic = Alice });

        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential());
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("secret.bin")));
        var requests = Server.RequestsFor("/secret.bin");
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Authorization);
        Assert.Equal(401, requests[0].StatusCode);
        Assert.Equal(Alice.Answer, requests[1].Authorization);
        Assert.Equal(200, requests[1].StatusCode);
    }

    [Fact]
    public async Task Download_WithBasicCredential_ResumesWithTheCredentialSentUpFront()
    {
        var content = EngineHarness.RandomBytes(400_000);
        Server.Serve("/resume.bin", content, new FaultPlan { RequireBasic = Alice, DropAfterBytes = 150_000 });

        var job = await Harness.DownloadAsync(Server.Url("/resume.bin"), Harness.Out("resume.bin"), WithServerCredential());
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("resume.bin")));
        var resumed = Server.RequestsFor("/resume.bin")[^1];
        Assert.Equal("bytes=150000-", resumed.Range);
        Assert.Equal(Alice.Answer, resumed.Authorization);
        Assert.Equal(206, resumed.StatusCode);
    }

    [Fact]
    public async Task Download_WithWrongPassword_FailsWithAClearMessage_AndNeverShowsThePassword()
    {
        Server.Serve("/secret.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice });
        const string Wrong = "wrong-9d2e41";

        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential(Wrong));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(401, failed.Error!.HttpStatus);
        Assert.False(failed.Error.IsTransient);
        Assert.Equal(TransferErrorContext.RemoteFile, failed.Error.Context);
        Assert.Contains("rejected the credentials for user 'alice' (HTTP 401", failed.Error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, failed.Error.Description, StringComparison.Ordinal);
        Assert.Null(Assert.Single(failed.Options.Credentials).Password);
        Assert.Null(Assert.Single(Engine.Get(job.Id).Options.Credentials).Password);

        // Answered once, refused once, and not retried.
        Assert.Equal(2, Server.RequestsFor("/secret.bin").Count);
    }

    [Fact]
    public async Task Download_WithoutCredentials_SaysCredentialsAreNeededAndWhichSchemesTheServerOffers()
    {
        Server.Serve("/secret.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice });

        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(401, failed.Error!.HttpStatus);
        Assert.Contains("needs credentials (HTTP 401; it offers Basic)", failed.Error.Description, StringComparison.Ordinal);
        Assert.Contains("give the job a Server credential", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_WithACredentialForAnotherScheme_SaysWhichSchemesTheServerOffers()
    {
        Server.Serve("/secret.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice });

        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential(scheme: TransferAuthScheme.Digest));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Contains("needs credentials (HTTP 401; it offers Basic)", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Contains("but the job's Server credentials are for Digest only", failed.Error.Description, StringComparison.Ordinal);
        Assert.All(Server.RequestsFor("/secret.bin"), r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Redirect_ToAnotherHostName_NeverGetsTheCredentials()
    {
        var content = EngineHarness.RandomBytes(50_000);
        Server.Serve("/asset", [], new FaultPlan { RequireBasic = Alice, RedirectTo = Server.Url("/signed.bin", alternateHost: true).AbsoluteUri });
        Server.Serve("/signed.bin", content);

        var job = await Harness.DownloadAsync(Server.Url("/asset"), Harness.Out("asset.bin"), WithServerCredential());
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("asset.bin")));
        Assert.Equal(Alice.Answer, Server.RequestsFor("/asset")[^1].Authorization);
        var signed = Assert.Single(Server.RequestsFor("/signed.bin"));
        Assert.StartsWith("localhost:", signed.Host, StringComparison.Ordinal);
        Assert.Null(signed.Authorization);
    }

    [Fact]
    public async Task Redirect_ToAnotherPort_NeverGetsTheCredentials_EvenWhenItAsks()
    {
        await using var other = await FaultServer.StartAsync();
        other.Serve("/elsewhere.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice });
        Server.Serve("/asset", [], new FaultPlan { RequireBasic = Alice, RedirectTo = other.Url("/elsewhere.bin").AbsoluteUri });

        var job = await Harness.DownloadAsync(Server.Url("/asset"), Harness.Out("asset.bin"), WithServerCredential());
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(401, failed.Error!.HttpStatus);
        Assert.Contains("reached by a redirect", failed.Error.Description, StringComparison.Ordinal);
        Assert.Contains($"sent only to {Server.BaseUri.GetLeftPart(UriPartial.Authority)}", failed.Error.Description, StringComparison.Ordinal);
        Assert.All(other.AllRequests, r => Assert.Null(r.Authorization));
        Assert.NotEmpty(other.AllRequests);
    }

    [Fact]
    public async Task Redirect_WithinTheOrigin_KeepsTheCredentials()
    {
        var content = EngineHarness.RandomBytes(20_000);
        Server.Serve("/latest", [], new FaultPlan { RequireBasic = Alice, RedirectTo = "/v2.bin", RedirectStatus = 307 });
        Server.Serve("/v2.bin", content, new FaultPlan { RequireBasic = Alice });

        var job = await Harness.DownloadAsync(Server.Url("/latest"), Harness.Out("v2.bin"), WithServerCredential());
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("v2.bin")));
        Assert.Equal(Alice.Answer, Server.RequestsFor("/v2.bin")[^1].Authorization);
    }

    [Fact]
    public async Task SetAsync_NewCredentials_TakeEffectOnTheNextRequest()
    {
        var content = EngineHarness.RandomBytes(30_000);
        Server.Serve("/secret.bin", content, new FaultPlan { RequireBasic = Alice });
        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential("not-it"));
        await Harness.WaitForAsync(job.Id, TransferState.Error);

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Credentials = WithServerCredential().Options.Credentials });
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("secret.bin")));
        Assert.Equal(Alice.Answer, Server.RequestsFor("/secret.bin")[^1].Authorization);
    }

    [Fact]
    public async Task SetAsync_ServerCredential_KeepsTheStoredProxyCredential()
    {
        var proxy = new TransferCredential { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = "proxy-pw" };
        var job = await Harness.DownloadAsync(Server.Url("/unused.bin"), Harness.Out("unused.bin"), new TransferRequest
        {
            Suspended = true,
            Options = new() { Credentials = [proxy, new TransferCredential { UserName = "alice", Password = "old" }] },
        });

        var changed = await Engine.SetAsync(job.Id, new TransferOptionsPatch { Credentials = [new TransferCredential { UserName = "carol", Password = "new" }] });

        Assert.Equal(["Proxy bob", "Server carol"], changed.Options.Credentials.Select(c => $"{c.Target} {c.UserName}").Order());
        Assert.All(changed.Options.Credentials, c => Assert.Null(c.Password));
    }

    [Fact]
    public async Task SetAsync_RemovingCredentials_StopsSendingThem()
    {
        Server.Serve("/secret.bin", [1, 2, 3], new FaultPlan { RequireBasic = Alice, FailStatus = 404 });
        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential());
        await Harness.WaitForAsync(job.Id, TransferState.Error);
        Assert.Equal(Alice.Answer, Server.RequestsFor("/secret.bin")[^1].Authorization);
        var before = Server.RequestsFor("/secret.bin").Count;

        await Engine.SetAsync(job.Id, new TransferOptionsPatch { Credentials = [] });
        await Engine.ResumeAsync(job.Id);
        var failed = await Harness.WaitUntilAsync(job.Id, t => t.State == TransferState.Error && t.Error?.HttpStatus == 401, "Error with HTTP 401");

        Assert.Contains("needs credentials", failed.Error!.Description, StringComparison.Ordinal);
        Assert.All(Server.RequestsFor("/secret.bin").Skip(before), r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Credentials_SurviveAnEngineRestart_AndThePasswordIsNeverStoredInPlainText()
    {
        var content = EngineHarness.RandomBytes(40_000);
        Server.Serve("/secret.bin", content, new FaultPlan { RequireBasic = Alice });
        var job = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential() with { Suspended = true });

        AssertNoPlainPassword();
        await Harness.CloseAsync();
        AssertNoPlainPassword();
        if (!OperatingSystem.IsWindows())
        {
            var key = Path.Combine(Path.GetDirectoryName(Harness.DatabasePath)!, "jobs.key");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        await Harness.OpenAsync();
        Assert.Equal("alice", Assert.Single(Engine.Get(job.Id).Options.Credentials).UserName);
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("secret.bin")));
        Assert.Equal(Alice.Answer, Server.RequestsFor("/secret.bin")[^1].Authorization);
    }

    [Fact]
    public async Task AReplacedKeyFile_PutsOnlyTheJobsWithSecretsInError_AndNewCredentialsLetThemFinish()
    {
        var content = EngineHarness.RandomBytes(40_000);
        Server.Serve("/secret.bin", content, new FaultPlan { RequireBasic = Alice });
        var secret = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("secret.bin"), WithServerCredential() with { Suspended = true });
        var plain = await Harness.DownloadAsync(Server.Url("/secret.bin"), Harness.Out("plain.bin"), new TransferRequest { Suspended = true });
        await Harness.CloseAsync();
        var key = Path.Combine(Path.GetDirectoryName(Harness.DatabasePath)!, "jobs.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        await Harness.OpenAsync();

        var stuck = Engine.Get(secret.Id);
        Assert.Equal(TransferState.Error, stuck.State);
        Assert.Contains($"cannot be decrypted with the key '{key}'", stuck.Error!.Description, StringComparison.Ordinal);
        Assert.Equal("alice", Assert.Single(stuck.Options.Credentials).UserName);
        Assert.Equal(TransferState.Suspended, Engine.Get(plain.Id).State);

        await Engine.SetAsync(secret.Id, new TransferOptionsPatch { Credentials = [new TransferCredential { UserName = "alice", Password = Password }] });
        await Engine.ResumeAsync(secret.Id);
        await Harness.WaitTransferredAsync(secret.Id);
        await Engine.CompleteAsync(secret.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("secret.bin")));

        await Harness.CloseAsync();
        await Harness.OpenAsync();
        Assert.Equal(TransferState.Suspended, Engine.Get(plain.Id).State);
    }

    /// <summary>
    /// Neither the database nor its write-ahead log holds the password, in UTF-8, UTF-16 or as the Basic answer, while
    /// the user name (stored as it is) is there: the bytes read are the ones holding the credential.
    /// </summary>
    private void AssertNoPlainPassword()
    {
        var forms = new[] { Encoding.UTF8.GetBytes(Password), Encoding.Unicode.GetBytes(Password), Encoding.UTF8.GetBytes(Alice.Answer["Basic ".Length..]) };
        var userNameSeen = false;
        foreach (var file in new[] { Harness.DatabasePath, Harness.DatabasePath + "-wal" }.Where(File.Exists))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            userNameSeen |= bytes.AsSpan().IndexOf("\"alice\""u8) >= 0;
            foreach (var form in forms)
            {
                Assert.True(bytes.AsSpan().IndexOf(form) < 0, $"{file} contains the password in plain text");
            }
        }

        Assert.True(userNameSeen, "the stored credential was not found in the database files");
    }
}
