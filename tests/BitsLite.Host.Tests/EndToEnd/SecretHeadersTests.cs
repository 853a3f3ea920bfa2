using System.Text;
using System.Text.Json;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// Custom headers carry tokens as often as credentials do. Through the real bitslite CLI and host: a token given in a
/// header file never has to be on a command line, is not in the database's bytes (nor its write-ahead log), is never
/// shown again, and goes to no other server a redirect leads to unless the job says so, and Authorization not even then.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretHeadersTests : IAsyncLifetime
{
    private const string Token = "tok-8d5e1c0f77";
    private const string ApiKey = "key-41a9b3e2";

    private readonly HostTestEnvironment _env = new();
    private readonly byte[] _content = Encoding.ASCII.GetBytes(new string('b', 20_000));
    private FaultServer _server = null!;
    private FaultServer _mirror = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _mirror = await FaultServer.StartAsync();
        _server.Serve("/file.bin", _content);
        _server.Serve("/moved.bin", [], new FaultPlan { RedirectTo = _mirror.Url("/mirrored.bin").AbsoluteUri });
        _mirror.Serve("/mirrored.bin", _content);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
        await _mirror.DisposeAsync();
    }

    [Fact]
    public async Task HeadersFromAFile_ReachTheServer_ButNotTheDatabaseInClear_NorInfo_NorTheLog()
    {
        var id = await CreateAsync(_server.Url("/file.bin"), "file.bin");
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(id)).State);

        var sent = Assert.Single(_server.RequestsFor("/file.bin"));
        Assert.Equal("Bearer " + Token, sent.Headers["Authorization"]);
        Assert.Equal(ApiKey, sent.Headers["X-Api-Key"]);

        var info = await CliProcess.RunAsync(_env, ["info", id.ToString()]);
        Assert.True(info.ExitCode == 0, info.Errors);
        Assert.Contains("Authorization: ***", info.Output, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key: ***", info.Output, StringComparison.Ordinal);
        var json = await CliProcess.RunAsync(_env, ["info", id.ToString(), "--json"]);
        Assert.True(json.ExitCode == 0, json.Errors);
        foreach (var shown in new[] { info.Output, json.Output, (await client.GetAsync(id)).Options.CustomHeaders[0] })
        {
            Assert.DoesNotContain(Token, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, shown, StringComparison.Ordinal);
        }

        // Every byte SQLite wrote (the -wal holds the newest pages until a checkpoint), and the log.
        foreach (var file in new[] { "jobs.db", "jobs.db-wal", "host.log" }.Select(_env.Out).Where(File.Exists))
        {
            var bytes = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(Token, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, bytes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WriteOnlyHeaders_AreSent_ButNotEvenTheirNamesAreShown()
    {
        var id = await CreateAsync(_server.Url("/file.bin"), "file.bin", "--write-only-headers");
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(id)).State);

        Assert.Equal(ApiKey, Assert.Single(_server.RequestsFor("/file.bin")).Headers["X-Api-Key"]);
        var info = await CliProcess.RunAsync(_env, ["info", id.ToString()]);
        Assert.Contains("write-only (not shown)", info.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Api-Key", info.Output, StringComparison.Ordinal);
        var job = await client.GetAsync(id);
        Assert.True(job.Options.CustomHeadersWriteOnly);
        Assert.Empty(job.Options.CustomHeaders);
    }

    [Fact]
    public async Task ARedirectToAnotherServer_GetsNoCustomHeader_NotEvenAnApiKey()
    {
        var id = await CreateAsync(_server.Url("/moved.bin"), "moved.bin");
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(id)).State);

        Assert.Equal(ApiKey, Assert.Single(_server.RequestsFor("/moved.bin")).Headers["X-Api-Key"]);
        var redirected = Assert.Single(_mirror.RequestsFor("/mirrored.bin"));
        Assert.DoesNotContain(redirected.Headers.Keys, h => h.ToUpperInvariant() is "X-API-KEY" or "AUTHORIZATION");
    }

    [Fact]
    public async Task AJobThatAllowsOtherOrigins_SendsItsHeadersAfterARedirect_ButNeverAuthorization()
    {
        var id = await CreateAsync(_server.Url("/moved.bin"), "moved.bin", "--headers-to-other-origins", "yes");
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(id)).State);

        var redirected = Assert.Single(_mirror.RequestsFor("/mirrored.bin"));
        Assert.Equal(ApiKey, redirected.Headers["X-Api-Key"]);
        Assert.False(redirected.Headers.ContainsKey("Authorization"));
        Assert.True((await client.GetAsync(id)).Options.CustomHeadersToOtherOrigins);
    }

    /// <summary>`bitslite create URL FILE --header-file F`: the token is in an owner-only file, never in the arguments.</summary>
    private async Task<Guid> CreateAsync(Uri url, string name, params string[] more)
    {
        var headers = _env.Out("headers.txt");
        await File.WriteAllTextAsync(headers, $"# for {name}\nAuthorization: Bearer {Token}\n\nX-Api-Key: {ApiKey}\n");
        File.SetUnixFileMode(headers, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string[] arguments = ["create", url.ToString(), _env.Out(name), "--header-file", headers, "--json", .. more];
        Assert.DoesNotContain(arguments, a => a.Contains(Token, StringComparison.Ordinal) || a.Contains(ApiKey, StringComparison.Ordinal));

        var created = await CliProcess.RunAsync(_env, arguments);
        Assert.True(created.ExitCode == 0, created.Errors);
        return JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetGuid();
    }
}
