using BitsLite.Testing;
using System.Security.Cryptography;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.Storage;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Storage;

public class JobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferJob NewJob(string owner = "me", TransferState state = TransferState.Suspended)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var id = Guid.NewGuid();
        var job = new TransferJob
        {
            Id = id, DisplayName = "job", Owner = owner, State = state, CreationTime = now, ModificationTime = now,
            LastProgressTime = now, RetryInterval = TimeSpan.FromSeconds(600), RetryTimeout = TimeSpan.FromDays(14),
            CustomHeaders = ["X-One: 1", "X-Two: 2"], MaxBandwidth = 1000,
        };
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

    [Fact]
    public void Jobs_RoundTripWithEveryField()
    {
        var path = _dir.File("jobs.db");
        var job = NewJob();
        job.Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "boom", HttpStatus = 503, Source = "http://example.test/a", IsTransient = true, Time = job.CreationTime };
        job.ErrorCount = 3;
        using (var store = JobStore.Open(path))
        {
            store.Insert(job);
        }

        using var reopened = JobStore.Open(path);
        var loaded = Assert.Single(reopened.LoadLive());
        Assert.Equal(job.ToInfo() with { Files = [], CustomHeaders = [] }, loaded.ToInfo() with { Files = [], CustomHeaders = [] });
        Assert.Equal(job.CustomHeaders, loaded.CustomHeaders);
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

    /// <summary>As BitsLite makes its own files: a store refuses one that others may read.</summary>
    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
