using System.Globalization;
using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// Custom headers against the real host: from -H, a --header-file or standard input (--header-file -), sent to the
/// server with their values, and shown by info only by name ("Name: ***"), or not at all when write-only.
/// </summary>
public sealed class HeaderFlowTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private const string Key = "key-7e3f91";
    private const string Token = "tok-c04b2d";

    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.CancelActiveJobsAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    private Task<CliResult> RunWithInputAsync(string stdin, params string[] args) =>
        _space.RunAsync(CliInput.FromText(stdin), new Dictionary<string, string>(), args);

    private static string Id(TransferInfo job) => job.Id.ToString("D", CultureInfo.InvariantCulture);

    private static void AssertNoSecret(CliResult result)
    {
        foreach (var secret in new[] { Key, Token })
        {
            Assert.DoesNotContain(secret, result.Output + result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HeadersFromStandardInput_AreSentToTheServer_AndInfoShowsTheirNamesWithStars()
    {
        var source = _space.Serve("stdin.bin", 2000);

        var result = await RunWithInputAsync($"# from a secret store\nX-Api-Key: {Key}\n", "transfer", source, "stdin.bin", "--header-file", "-", "-H", "X-Trace: 42");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        AssertNoSecret(result);
        var requests = _env.Server.RequestsFor(_space.ServerPath("stdin.bin"));
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(Key, r.Headers["X-Api-Key"]));
        Assert.All(requests, r => Assert.Equal("42", r.Headers["X-Trace"]));

        var job = Assert.Single(await _space.JobsAsync());
        var info = await RunAsync("info", Id(job));
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        Assert.Contains("Headers:           X-Api-Key: ***" + Environment.NewLine + "                   X-Trace: ***" + Environment.NewLine, info.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("42", info.Output.Split(Environment.NewLine).Single(l => l.Contains("X-Trace", StringComparison.Ordinal)), StringComparison.Ordinal);
        AssertNoSecret(info);

        var json = await RunAsync("info", Id(job), "--json");
        AssertNoSecret(json);
        var shown = JsonSerializer.Deserialize(json.Output, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal(["X-Api-Key: ***", "X-Trace: ***"], shown.Options.CustomHeaders);
        Assert.False(shown.Options.CustomHeadersWriteOnly);
    }

    [Fact]
    public async Task AHeaderFile_ReplacesAJobsHeaders_WithSet()
    {
        var name = "replaced" + _space.Tag;
        _space.CreateFile("first.txt", $"Authorization: Bearer {Token}\n");
        var second = _space.CreateFile("second.txt", "\n# new ones\nX-Api-Key: " + Key + "\n");
        Assert.Equal(ExitCodes.Success, (await RunAsync("create", "--suspended", "--name", name, "--header-file", "first.txt")).ExitCode);

        var set = await RunAsync("set", name, "--header-file", second);

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        Assert.Contains("Headers:           X-Api-Key: ***" + Environment.NewLine, set.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", set.Output, StringComparison.Ordinal);
        AssertNoSecret(set);
    }

    [Fact]
    public async Task WriteOnlyHeaders_AreSent_ButInfoShowsNeitherTheirValuesNorTheirNames()
    {
        var source = _space.Serve("wo.bin", 3000);
        var file = _space.CreateFile("wo.txt", $"Authorization: Bearer {Token}\n");

        var created = await RunAsync("create", "--suspended", source, "wo.bin", "--header-file", file, "-H", $"X-Api-Key: {Key}", "--write-only-headers");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var job = Assert.Single(await _space.JobsAsync());
        var info = await RunAsync("info", Id(job));
        Assert.Contains("Headers:           write-only (not shown)" + Environment.NewLine, info.Output, StringComparison.Ordinal);
        foreach (var result in new[] { created, info, await RunAsync("info", Id(job), "--json") })
        {
            AssertNoSecret(result);
            Assert.DoesNotContain("Authorization", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("X-Api-Key", result.Output, StringComparison.Ordinal);
        }

        var json = JsonSerializer.Deserialize((await RunAsync("info", Id(job), "--json")).Output, CliJsonContext.Default.TransferInfo)!;
        Assert.True(json.Options.CustomHeadersWriteOnly);
        Assert.Empty(json.Options.CustomHeaders);
        var listed = JsonSerializer.Deserialize((await RunAsync("list", "--json")).Output, CliJsonContext.Default.ListTransferInfo)!;
        Assert.Empty(Assert.Single(listed, j => j.Id == job.Id).Options.CustomHeaders);

        Assert.Equal(ExitCodes.Success, (await RunAsync("resume", Id(job))).ExitCode);
        await _env.SettleAsync(job.Id, TransferState.Transferred);
        var requests = _env.Server.RequestsFor(_space.ServerPath("wo.bin"));
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal($"Bearer {Token}", r.Headers["Authorization"]));
        Assert.All(requests, r => Assert.Equal(Key, r.Headers["X-Api-Key"]));
    }

    [Fact]
    public async Task HeadersMadeWriteOnlyLater_StayWriteOnly_WhenReplaced()
    {
        var name = "later" + _space.Tag;
        Assert.Equal(ExitCodes.Success, (await RunAsync("create", "--suspended", "--name", name, "-H", "X-Visible: 1")).ExitCode);

        var hidden = await RunAsync("set", name, "--write-only-headers");
        var replaced = await RunWithInputAsync($"X-Api-Key: {Key}\n", "set", name, "--header-file", "-");

        Assert.Equal(ExitCodes.Success, hidden.ExitCode);
        Assert.Contains("Headers:           write-only (not shown)", hidden.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Visible", hidden.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, replaced.ExitCode);
        Assert.Contains("Headers:           write-only (not shown)", replaced.Output, StringComparison.Ordinal);
        AssertNoSecret(replaced);
    }

    [Fact]
    public async Task ABadHeaderFile_IsRefusedBeforeTheHostIsAsked_WithoutRepeatingTheLine()
    {
        var file = _space.CreateFile("bad.txt", $"X-Good: 1\nBearer {Token}\n");

        var result = await RunAsync("create", "--suspended", "--name", "bad" + _space.Tag, "--header-file", file);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
        AssertNoSecret(result);
        Assert.DoesNotContain(await _env.ListAsync(), j => j.Options.DisplayName == "bad" + _space.Tag);
    }
}
