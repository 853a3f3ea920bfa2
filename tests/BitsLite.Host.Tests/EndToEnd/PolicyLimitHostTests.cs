using System.Text.Json;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>Files per job and jobs per user set with the real bitslite CLI are the host's policy: kept in its database, through a SIGKILL.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PolicyLimitHostTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task LimitsSetWithTheCli_SurviveASigkilledHost_AndLetOneJobHoldAThousandFiles()
    {
        var set = await CliProcess.RunAsync(_env, ["policy", "set", "--max-files-per-job", "1000", "--max-jobs-per-user", "500"]);
        await using (var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false)))
        {
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            host.Kill();
            await HostTestEnvironment.WaitForExitAsync(host);
        }

        var shown = await CliProcess.RunAsync(_env, ["policy", "--json"]);
        await using var again = await _env.ConnectAsync();
        var job = await again.CreateAsync(new TransferRequest
        {
            Suspended = true,
            Files = [.. Enumerable.Range(0, 1000).Select(i => new TransferFileSpec($"http://127.0.0.1:1/f{i}.bin", _env.Out($"f{i}.bin")))],
        });

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("Max files per job:    1,000", set.Output, StringComparison.Ordinal);
        Assert.Equal(0, shown.ExitCode);
        using var policy = JsonDocument.Parse(shown.Output);
        Assert.Equal(1000, policy.RootElement.GetProperty("maxFilesPerJob").GetInt32());
        Assert.Equal(500, policy.RootElement.GetProperty("maxJobsPerUser").GetInt32());
        Assert.Equal(1000, job.FilesTotal);
    }
}
