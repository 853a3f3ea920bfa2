using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Commands;

/// <summary><c>policy set --max-files-per-job</c> and <c>--max-jobs-per-user</c> refuse values out of range before any host is contacted (none runs here).</summary>
public sealed class PolicyLimitParsingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Theory]
    [InlineData("--max-files-per-job", "0", "bitslite: --max-files-per-job must be 1 to 10000, not 0")]
    [InlineData("--max-files-per-job", "10001", "bitslite: --max-files-per-job must be 1 to 10000, not 10001")]
    [InlineData("--max-jobs-per-user", "100001", "bitslite: --max-jobs-per-user must be 1 to 100000, not 100001")]
    [InlineData("--max-jobs-per-user", "-3", "bitslite: --max-jobs-per-user must be 1 to 100000, not -3")]
    [InlineData("--max-connections-per-file", "0", "bitslite: --max-connections-per-file must be 1 to 16, not 0")]
    [InlineData("--max-connections-per-file", "17", "bitslite: --max-connections-per-file must be 1 to 16, not 17")]
    public async Task ALimitOutOfRange_IsAUsageError_NamingTheOptionAndItsRange(string option, string value, string message)
    {
        var result = await RunAsync("policy", "set", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALimitThatIsNoNumber_IsAUsageError()
    {
        var result = await RunAsync("policy", "set", "--max-files-per-job", "lots");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("lots", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHelpOfPolicySet_GivesBothLimitsWithTheirDefaults()
    {
        var result = await RunAsync("policy", "set", "--help");

        Assert.Contains("--max-files-per-job <N>", result.Output, StringComparison.Ordinal);
        Assert.Contains("--max-jobs-per-user <N>", result.Output, StringComparison.Ordinal);
        Assert.Contains("default 200, as in BITS", result.Output, StringComparison.Ordinal);
        Assert.Contains("default 300", result.Output, StringComparison.Ordinal);
    }
}

/// <summary>The limits against the real host: a job of more files than the default works once the limit is raised.</summary>
public sealed class PolicyLimitCommandTests : IAsyncLifetime
{
    private HostEnvironment _env = null!;
    private TestSpace _space = null!;

    public async Task InitializeAsync()
    {
        _env = await HostEnvironment.StartAsync();
        _space = _env.NewSpace();
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task AJobOf201Files_IsRefusedNamingTheOption_AndCreatedOnceTheLimitIsRaised()
    {
        var target = _space.CreateDirectory("many");
        string[] create = ["create", "--suspended", .. Enumerable.Range(0, 201).Select(i => _space.Url($"f{i}.bin")), target];

        var refused = await _space.RunAsync(create);
        var raised = await _space.RunAsync("policy", "set", "--max-files-per-job", "1000", "--max-jobs-per-user", "2000", "--json");
        var created = await _space.RunAsync([.. create, "--json"]);
        var shown = await _space.RunAsync("policy");

        Assert.Equal(ExitCodes.HostError, refused.ExitCode);
        Assert.Contains("at most 200 files; this one would have 201", refused.Error, StringComparison.Ordinal);
        Assert.Contains("'bitslite policy set --max-files-per-job N'", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, raised.ExitCode);
        using (var policy = JsonDocument.Parse(raised.Output))
        {
            Assert.Equal(1000, policy.RootElement.GetProperty("maxFilesPerJob").GetInt32());
            Assert.Equal(2000, policy.RootElement.GetProperty("maxJobsPerUser").GetInt32());
        }

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        using (var job = JsonDocument.Parse(created.Output))
        {
            Assert.Equal(201, job.RootElement.GetProperty("filesTotal").GetInt32());
        }

        Assert.Contains("Max files per job:    1,000" + Environment.NewLine, shown.Output, StringComparison.Ordinal);
        Assert.Contains("Max jobs per user:    2,000" + Environment.NewLine, shown.Output, StringComparison.Ordinal);
    }
}
