using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Policy;

/// <summary>Files per job and jobs per user are host policy: BITS's defaults, set by an administrator, saved in the store.</summary>
public sealed class JobLimitPolicyTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    private TransferEngine Engine => _harness.Engine;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void WithNothingSet_TheLimitsAreBitss()
    {
        Assert.Equal(200, Engine.Policy.MaxFilesPerJob);
        Assert.Equal(300, Engine.Policy.MaxJobsPerUser);
    }

    [Fact]
    public async Task WithNothingSet_TheEngineOptionsGiveTheLimits()
    {
        await using var other = await EngineHarness.StartAsync(o => o with { MaxFilesPerJob = 3, MaxJobsPerOwner = 7 });

        Assert.Equal((3, 7), (other.Engine.Policy.MaxFilesPerJob, other.Engine.Policy.MaxJobsPerUser));
        var ex = await Assert.ThrowsAsync<TransferException>(() => other.Engine.CreateAsync(Suspended(other, 4)));
        Assert.Equal(TransferErrorCode.LimitReached, ex.Code);
    }

    [Fact]
    public async Task OneJobOfAThousandFiles_IsRefusedByDefault_NamingTheSettingToRaise()
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() => Engine.CreateAsync(Suspended(_harness, 1000)));

        Assert.Equal(TransferErrorCode.LimitReached, ex.Code);
        Assert.Equal(
            "A job may have at most 200 files; this one would have 1,000. Split the files over several jobs, "
            + "or raise the limit with 'bitslite policy set --max-files-per-job N' (Set-TransferPolicy -MaxFilesPerJob N).",
            ex.Message);
        Assert.Empty(Engine.List());
    }

    [Fact]
    public async Task RaisingMaxFilesPerJob_LetsOneJobHoldAThousandFiles_AndTheLimitOutlivesTheEngine()
    {
        var policy = await Engine.SetPolicyAsync(new HostPolicyChange { MaxFilesPerJob = 1000 });
        var job = await Engine.CreateAsync(Suspended(_harness, 999));
        await Engine.AddFilesAsync(job.Id, [File(_harness, 999)]);

        await _harness.CloseAsync();
        await _harness.OpenAsync();

        Assert.Equal(1000, policy.MaxFilesPerJob);
        Assert.Equal(1000, Engine.Policy.MaxFilesPerJob);
        Assert.Equal(1000, Engine.Get(job.Id).FilesTotal);
        var add = await Assert.ThrowsAsync<TransferException>(() => Engine.AddFilesAsync(job.Id, [File(_harness, 1000)]));
        Assert.Equal(TransferErrorCode.LimitReached, add.Code);
        Assert.Contains("at most 1,000 files; this one would have 1,001", add.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJobsPerUserLimit_RefusesOneMore_NamingTheSettingToRaise_AndRaisingItMakesRoom()
    {
        await Engine.SetPolicyAsync(new HostPolicyChange { MaxJobsPerUser = 2 });
        await Engine.CreateAsync(new TransferRequest { Suspended = true });
        await Engine.CreateAsync(new TransferRequest { Suspended = true });

        var ex = await Assert.ThrowsAsync<TransferException>(() => Engine.CreateAsync(new TransferRequest { Suspended = true }));
        await Engine.SetPolicyAsync(new HostPolicyChange { MaxJobsPerUser = 3 });
        await Engine.CreateAsync(new TransferRequest { Suspended = true });

        Assert.Equal(TransferErrorCode.LimitReached, ex.Code);
        Assert.Equal(
            $"'{_harness.Options.DefaultOwner}' already has 2 live jobs, the most allowed (2); complete or cancel some first, "
            + "or raise the limit with 'bitslite policy set --max-jobs-per-user N' (Set-TransferPolicy -MaxJobsPerUser N).",
            ex.Message);
        Assert.Equal(3, Engine.List().Count);
    }

    [Fact]
    public async Task LoweringALimit_KeepsWhatIsThere_AndRefusesOnlyWhatComesNext()
    {
        var job = await Engine.CreateAsync(Suspended(_harness, 3));
        await Engine.CreateAsync(new TransferRequest { Suspended = true });

        await Engine.SetPolicyAsync(new HostPolicyChange { MaxFilesPerJob = 2, MaxJobsPerUser = 1 });

        Assert.Equal(3, Engine.Get(job.Id).FilesTotal);
        Assert.Equal(2, Engine.List().Count);
        Assert.Equal(TransferErrorCode.LimitReached, (await Assert.ThrowsAsync<TransferException>(() => Engine.AddFilesAsync(job.Id, [File(_harness, 3)]))).Code);
        Assert.Equal(TransferErrorCode.LimitReached, (await Assert.ThrowsAsync<TransferException>(() => Engine.CreateAsync(new TransferRequest { Suspended = true }))).Code);
    }

    [Theory]
    [InlineData(0, null, "MaxFilesPerJob must be between 1 and 10,000, not 0.")]
    [InlineData(10_001, null, "MaxFilesPerJob must be between 1 and 10,000, not 10,001.")]
    [InlineData(null, 1_000_000_000, "MaxJobsPerUser must be between 1 and 100,000, not 1,000,000,000.")]
    public async Task ALimitOutOfRange_IsRefused_NamingIt_AndNothingOfTheChangeIsSaved(int? files, int? jobs, string message)
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() =>
            Engine.SetPolicyAsync(new HostPolicyChange { MaxFilesPerJob = files, MaxJobsPerUser = jobs, MaxActiveJobs = 9 }));
        await _harness.CloseAsync();
        await _harness.OpenAsync();

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(message, ex.Message);
        Assert.Equal((200, 300, 4), (Engine.Policy.MaxFilesPerJob, Engine.Policy.MaxJobsPerUser, Engine.Policy.MaxActiveJobs));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("99999999999")]
    public async Task AStoredLimitThatIsNoNumberInRange_CountsAsUnset(string stored)
    {
        await _harness.CloseAsync();
        await using (var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO settings (name, value) VALUES ('max_files_per_job', $value);";
            command.Parameters.AddWithValue("$value", stored);
            await command.ExecuteNonQueryAsync();
        }

        await _harness.OpenAsync();

        Assert.Equal(200, Engine.Policy.MaxFilesPerJob);
    }

    private static TransferRequest Suspended(EngineHarness harness, int files) => new()
    {
        Suspended = true,
        Files = [.. Enumerable.Range(0, files).Select(i => File(harness, i))],
    };

    private static TransferFileSpec File(EngineHarness harness, int index) =>
        new($"http://127.0.0.1:1/f{index}.bin", harness.Out($"f{index}.bin"));
}
