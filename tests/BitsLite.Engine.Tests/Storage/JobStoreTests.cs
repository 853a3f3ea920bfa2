using System.Security.Cryptography;
using BitsLite.Testing;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Storage;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Storage;

public class JobStoreTests : IDisposable
{
    private static readonly TransferOptions NoOptions = new();
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferJob NewJob(string owner = "me", TransferState state = TransferState.Suspended)
    {
        var now = Then;
        var id = Guid.NewGuid();
        var job = new TransferJob
        {
            Id = id, Owner = owner, State = state, CreationTime = now, ModificationTime = now, LastProgressTime = now,
        }.WithOptions(new TransferOptions { DisplayName = "job", CustomHeaders = ["X-One: 1", "X-Two: 2"], MaxBandwidth = 1000 });
        job.Files.Add(new TransferFile { Index = 0, Source = "http://example.test/a", Destination = "/tmp/a", TempPath = "/tmp/.a.part", BytesTotal = 10, CheckpointedBytes = 4, BytesTransferred = 4, Validator = "etag:\"x\"" });
        return job;
    }

    [Fact]
    public void Open_CreatesOwnerOnlyDirectoryAndFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_dir.Path, "nested", "jobs.db");
        using (var store = JobStore.Open(path))
        {
            store.Insert(NewJob());
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Open_RefusesAWorldReadableDatabase_AndLeavesItsModeToItsOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Whoever could read it may have its secrets already, and a file of someone else's is never ours to chmod.
        var path = _dir.File("jobs.db");
        JobStore.Open(path).Dispose();
        const UnixFileMode worldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, worldReadable);

        var ex = Assert.Throws<TransferException>(() => JobStore.Open(path));

        Assert.Equal(TransferErrorCode.AccessDenied, ex.Code);
        Assert.Contains("is open to other users (mode 0644)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(worldReadable, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Open_RefusesAWriteAheadLogThatIsALink_AndWritesNothingWhereItLeads()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // SQLite would follow it, and write the database's pages, secrets included, wherever it leads.
        var path = _dir.File("jobs.db");
        var elsewhere = _dir.File("elsewhere");
        File.WriteAllText(elsewhere, "not yours");
        File.CreateSymbolicLink(path + "-wal", elsewhere);

        var ex = Assert.Throws<TransferException>(() => JobStore.Open(path));

        Assert.Equal(TransferErrorCode.AccessDenied, ex.Code);
        Assert.Contains($"The job database's write-ahead log '{path}-wal' is a symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.Equal("not yours", File.ReadAllText(elsewhere));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_UsesWriteAheadLogging()
    {
        var path = _dir.File("jobs.db");
        JobStore.Open(path).Dispose();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    /// <summary>Every setting away from its default, secrets included.</summary>
    private static TransferOptions EverySetting() => new()
    {
        DisplayName = "isos",
        Description = "monthly images",
        Priority = TransferPriority.Low,
        RetryInterval = TimeSpan.FromSeconds(90),
        RetryTimeout = TimeSpan.FromDays(2),
        MaxDownloadTime = TimeSpan.FromHours(3),
        MaxBandwidth = 250_000,
        CustomHeaders = ["Authorization: Bearer tok-5f1c2e", "X-Trace: 42"],
        CustomHeadersWriteOnly = true,
        Credentials =
        [
            new TransferCredential { UserName = "ann", Password = "ann-pw-3b9d" },
            new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = "CORP\\bob", Password = "bob-pw-77e0" },
        ],
        Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = ["proxy.test:3128"], Bypass = ["<local>"] },
        Notification = new TransferNotification { Program = "/usr/bin/logger", Arguments = ["-t", "bits"], On = TransferNotifyEvents.Error },
        TransferPolicy = TransferCostPolicy.Unmetered,
        UploadMethod = UploadMethod.Put,   // the store keeps what it is given; the rules are checked before
    };

    [Fact]
    public void Jobs_RoundTripWithEveryField()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob().WithOptions(EverySetting());
        job.CompletionTime = Then.AddHours(1);
        job.ActiveTime = TimeSpan.FromMinutes(5);
        job.Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "boom", HttpStatus = 503, Source = "http://example.test/a", IsTransient = true, Time = job.CreationTime };
        job.ErrorCount = 3;
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        using var reopened = JobStore.Open(path);
        var loaded = Assert.Single(reopened.LoadLive());
        Assert.Equal(job.ToInfo() with { Files = [], Options = NoOptions }, loaded.ToInfo() with { Files = [], Options = NoOptions });
        OptionsAssert.Equal(job.Options, loaded.Options);
        Assert.Equal(job.Files[0].ToInfo(), loaded.Files[0].ToInfo());
        Assert.Equal("etag:\"x\"", loaded.Files[0].Validator);
        Assert.Equal(4, loaded.Files[0].CheckpointedBytes);
    }

    [Fact]
    public void LoadLive_LeavesOutFinishedJobs_AndQueryFilters()
    {
        using var store = JobStore.Open(_dir.File("jobs.db"));
        store.Insert(NewJob("alice", TransferState.Acknowledged));
        store.Insert(NewJob("alice", TransferState.Suspended));
        store.Insert(NewJob("bob", TransferState.Cancelled));

        Assert.Single(store.LoadLive());
        Assert.Equal(2, store.QueryKeys(new TransferQuery { Owner = "alice" }, 0, 100).Count);
        Assert.Single(store.QueryKeys(new TransferQuery { Owner = "alice", LiveOnly = true }, 0, 100));
        Assert.Equal(2, store.QueryKeys(new TransferQuery { States = [TransferState.Cancelled, TransferState.Acknowledged] }, 0, 100).Count);
    }

    [Fact]
    public void QueryKeys_PagesInCreationOrder_AndLoadBySequenceReadsThoseJobs()
    {
        using var store = JobStore.Open(_dir.File("jobs.db"));
        var jobs = Enumerable.Range(0, 5).Select(_ => NewJob("alice", TransferState.Acknowledged)).ToList();
        jobs.ForEach(store.Insert);

        var first = store.QueryKeys(new TransferQuery(), 0, 2);
        var rest = store.QueryKeys(new TransferQuery(), first[^1].Sequence, 10);
        var loaded = store.LoadBySequence([first[1].Sequence, rest[0].Sequence]);

        Assert.Equal(jobs.Select(j => j.Id), first.Concat(rest).Select(k => k.Id));
        Assert.Equal([jobs[1].Id, jobs[2].Id], loaded.Select(j => j.Id));
        Assert.Empty(store.LoadBySequence([]));
    }

    [Fact]
    public void Open_RefusesAGarbageFile_AndLeavesItUntouched()
    {
        var path = _dir.File("jobs.db");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(8192));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));

        var ex = Assert.Throws<TransferException>(() => JobStore.Open(path));

        Assert.Equal(TransferErrorCode.StoreCorrupt, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Open_RefusesAnotherApplicationsDatabase_AndLeavesItUntouched()
    {
        var path = _dir.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');";
            command.ExecuteNonQuery();
        }

        OwnerOnly(path);

        var before = SHA256.HashData(File.ReadAllBytes(path));
        var ex = Assert.Throws<TransferException>(() => JobStore.Open(path));

        Assert.Equal(TransferErrorCode.StoreCorrupt, ex.Code);
        Assert.Contains("not a BitsLite job database", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Open_RefusesANewerSchema_AndLeavesItUntouched()
    {
        var path = _dir.File("jobs.db");
        JobStore.Open(path).Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SchemaMigrations.LatestVersion + 1}; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));
        var ex = Assert.Throws<TransferException>(() => JobStore.Open(path));

        Assert.Equal(TransferErrorCode.StoreTooNew, ex.Code);
        Assert.Contains($"version {SchemaMigrations.LatestVersion + 1}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task ConcurrentWriters_AllLand()
    {
        using var store = JobStore.Open(_dir.File("jobs.db"));
        var jobs = Enumerable.Range(0, 200).Select(_ => NewJob()).ToArray();

        await Task.WhenAll(jobs.Select(job => Task.Run(() =>
        {
            store.Insert(job);
            lock (job.Gate)
            {
                job.Files[0].CheckpointedBytes = 9;
                store.SaveProgress(job, job.Files[0]);
            }
        })));

        var loaded = store.LoadLive();
        Assert.Equal(200, loaded.Count);
        Assert.All(loaded, j => Assert.Equal(9, j.Files[0].CheckpointedBytes));
        Assert.Equal(200, loaded.Select(j => j.Sequence).Distinct().Count());
    }

    [Fact]
    public void Settings_AreKeptAsJsonWithoutSecrets_AndTheSecretsEncrypted()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob().WithOptions(EverySetting());
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        var options = (string)LegacyStore.JobColumn(path, job.Id, "options")!;
        var secrets = (string)LegacyStore.JobColumn(path, job.Id, "secrets")!;

        Assert.Contains("\"displayName\":\"isos\"", options, StringComparison.Ordinal);
        Assert.Contains("\"userName\":\"ann\"", options, StringComparison.Ordinal);
        Assert.DoesNotContain("\"priority\":\"Normal\"", JobStoreOptionsOf(NewJob()), StringComparison.Ordinal);   // defaults are left out
        foreach (var secret in new[] { "ann-pw-3b9d", "bob-pw-77e0", "tok-5f1c2e", "X-Trace", "Authorization" })
        {
            Assert.DoesNotContain(secret, options, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, secrets, StringComparison.Ordinal);
        }

        Assert.StartsWith("v1:", secrets, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobWithoutSecrets_HasNoSecretsColumn_AndTheStoreNoKeyFile()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob().WithOptions(new TransferOptions { DisplayName = "plain", Priority = TransferPriority.High });
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        Assert.Null(LegacyStore.JobColumn(path, job.Id, "secrets"));
        Assert.False(File.Exists(_dir.File("jobs.key")), "a store without secrets needs no key");
    }

    [Fact]
    public void ACheckpointOfADownload_WritesOnlyItsFilesRow()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob().WithOptions(EverySetting());
        job.Files.Add(new TransferFile { Index = 1, Source = "http://example.test/b", Destination = "/tmp/b", TempPath = "/tmp/.b.part", BytesTotal = 20 });
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        WriteLog.Install(path);
        var jobRowBefore = WriteLog.Row(path, "SELECT * FROM jobs");
        using (var store = JobStore.Open(path))
        {
            var loaded = Assert.Single(store.LoadLive());
            lock (loaded.Gate)
            {
                var file = loaded.Files[1];
                (file.BytesTransferred, file.CheckpointedBytes, file.Validator) = (12, 12, "etag:\"b\"");
                loaded.LastProgressTime = Then.AddMinutes(7);
                store.SaveProgress(loaded, file);
            }
        }

        Assert.Equal(["UPDATE files 1"], WriteLog.Entries(path));
        Assert.Equal(jobRowBefore, WriteLog.Row(path, "SELECT * FROM jobs"));   // options, secrets, modified_ms, last_progress_ms: as they were
        var fileRow = WriteLog.Row(path, "SELECT bytes_checkpointed, validator, progress_ms FROM files WHERE idx = 1");
        Assert.Equal([12L, "etag:\"b\"", Then.AddMinutes(7).ToUnixTimeMilliseconds()], fileRow);
        Assert.Equal(4L, WriteLog.Row(path, "SELECT bytes_checkpointed FROM files WHERE idx = 0")[0]);
    }

    [Fact]
    public void SavingState_DoesNotWriteTheSettings_AndSavingSettings_WritesSecretsOnlyWhenAsked()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob().WithOptions(EverySetting());
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        WriteLog.Install(path);
        var secrets = LegacyStore.JobColumn(path, job.Id, "secrets");
        using (var store = JobStore.Open(path))
        {
            var loaded = Assert.Single(store.LoadLive());
            lock (loaded.Gate)
            {
                loaded.ErrorCount = 1;
                store.SaveState(loaded);
                loaded.ApplyOptions(loaded.Options with { Priority = TransferPriority.High });
                store.SaveOptions(loaded, secretsChanged: false);
            }

            Assert.Equal(["UPDATE jobs", "UPDATE jobs", "UPDATE jobs options"], WriteLog.Entries(path));
            Assert.Equal(secrets, LegacyStore.JobColumn(path, job.Id, "secrets"));

            lock (loaded.Gate)
            {
                loaded.ApplyOptions(loaded.Options with { CustomHeaders = ["X-New: 1"] });
                store.SaveOptions(loaded, secretsChanged: true);
            }
        }

        Assert.Equal(["UPDATE jobs", "UPDATE jobs", "UPDATE jobs", "UPDATE jobs options", "UPDATE jobs options", "UPDATE jobs secrets"], WriteLog.Entries(path));
        Assert.NotEqual(secrets, LegacyStore.JobColumn(path, job.Id, "secrets"));
        using var reopened = JobStore.Open(path);
        var options = Assert.Single(reopened.LoadLive()).Options;
        Assert.Equal(["X-New: 1"], options.CustomHeaders);
        Assert.Equal(TransferPriority.High, options.Priority);
        Assert.Equal(["ann-pw-3b9d", "bob-pw-77e0"], options.Credentials.Select(c => c.Password));
    }

    [Fact]
    public void LastProgressTime_SurvivesAReopen_ThroughItsFilesLastCheckpoint()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob();
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
            lock (job.Gate)
            {
                // A checkpoint newer than anything the job's row knows: only the file's row records it.
                job.LastProgressTime = Then.AddHours(2);
                job.Files[0].CheckpointedBytes = 6;
                store.SaveProgress(job, job.Files[0]);
            }
        }

        using (var reopened = JobStore.Open(path))
        {
            Assert.Equal(Then.AddHours(2), Assert.Single(reopened.LoadLive()).LastProgressTime);
        }

        Assert.Equal(Then.ToUnixTimeMilliseconds(), LegacyStore.JobColumn(path, job.Id, "last_progress_ms"));
    }

    [Fact]
    public void LastProgressTime_IsTheJobRowsWhenThatIsNewer_AsAfterARestart()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob();
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
            lock (job.Gate)
            {
                job.LastProgressTime = Then.AddHours(1);
                store.SaveProgress(job, job.Files[0]);
                job.LastProgressTime = Then.AddHours(3);   // resumed later: the retry clock starts again
                store.SaveState(job);
            }
        }

        using var reopened = JobStore.Open(path);
        Assert.Equal(Then.AddHours(3), Assert.Single(reopened.LoadLive()).LastProgressTime);
    }

    [Fact]
    public void TheStoresClock_IsTheOneItsJobsRunOn()
    {
        var path = _dir.File("jobs.db");
        var clock = new ManualTimeProvider();
        using (var store = JobStore.Open(path))
        {
            store.Insert(NewJob());
        }

        using var reopened = JobStore.Open(path, clock);
        var loaded = Assert.Single(reopened.LoadLive());

        Assert.Same(clock, loaded.Clock);
        Assert.Equal(1000, loaded.Bandwidth!.Rate);
    }

    private string JobStoreOptionsOf(TransferJob job)
    {
        var path = _dir.File($"{job.Id:N}.db");
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        return (string)LegacyStore.JobColumn(path, job.Id, "options")!;
    }

    /// <summary>As BitsLite makes its own files: a store refuses one that others may read.</summary>
    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
