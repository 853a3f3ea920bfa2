using BitsLite.Engine.Storage;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Storage;

/// <summary>
/// Stores left by earlier versions (built step by step as those versions did, <see cref="LegacyStore"/>) opened by
/// today's: version 6 moves every job's settings from their own columns into the options and secrets columns, and
/// version 7 drops those columns.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private const string AnnPassword = "ann-pw-3b9d";
    private const string BobPassword = "bob-pw-77e0";
    private const string Token = "tok-5f1c2e";

    private static readonly string[] SettingColumns =
    [
        "display_name", "description", "priority", "retry_interval_ms", "retry_timeout_ms", "max_download_time_ms", "max_bandwidth",
        "custom_headers", "credentials", "proxy", "notification", "transfer_policy", "upload_method",
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string StorePath => _dir.File("store/jobs.db");

    /// <summary>A download with every setting away from its default, as a version 3 to 5 host kept it.</summary>
    private LegacyJob Configured() => new()
    {
        DisplayName = "isos",
        Description = "monthly images",
        Priority = TransferPriority.High,
        State = TransferState.Suspended,
        RetryInterval = TimeSpan.FromSeconds(90),
        RetryTimeout = TimeSpan.FromDays(2),
        MaxDownloadTime = TimeSpan.FromHours(3),
        MaxBandwidth = 250_000,
        CustomHeaders = [$"Authorization: Bearer {Token}", "X-Trace: 42"],
        Credentials =
        [
            new TransferCredential { UserName = "ann", Password = AnnPassword },
            new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = "CORP\\bob", Password = BobPassword },
        ],
        Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = ["proxy.test:3128", "http://backup.test:8080"], Bypass = ["<local>", "*.corp"] },
        Notification = new TransferNotification { Program = "/usr/bin/logger", Arguments = ["-t", "bits job"], On = TransferNotifyEvents.Error },
        TransferPolicy = TransferCostPolicy.Unmetered,
        Files =
        [
            new LegacyFile(0, "https://example.test/a.iso", _dir.File("a.iso"), _dir.File(".a.iso.part")) { BytesTotal = 10, BytesCheckpointed = 4, Validator = "etag:\"x\"" },
        ],
    };

    /// <summary>What <see cref="Configured"/> is as one options model.</summary>
    private static TransferOptions ConfiguredOptions() => new()
    {
        DisplayName = "isos",
        Description = "monthly images",
        Priority = TransferPriority.High,
        RetryInterval = TimeSpan.FromSeconds(90),
        RetryTimeout = TimeSpan.FromDays(2),
        MaxDownloadTime = TimeSpan.FromHours(3),
        MaxBandwidth = 250_000,
        CustomHeaders = [$"Authorization: Bearer {Token}", "X-Trace: 42"],
        Credentials =
        [
            new TransferCredential { UserName = "ann", Password = AnnPassword },
            new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = "CORP\\bob", Password = BobPassword },
        ],
        Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = ["proxy.test:3128", "http://backup.test:8080"], Bypass = ["<local>", "*.corp"] },
        Notification = new TransferNotification { Program = "/usr/bin/logger", Arguments = ["-t", "bits job"], On = TransferNotifyEvents.Error },
        TransferPolicy = TransferCostPolicy.Unmetered,
    };

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    [InlineData(3)]
    public void AnOldStore_KeepsEverySetting_InTheOptionsAndSecretsColumns_WithoutItsOldColumns(int version)
    {
        LegacyStore.Create(StorePath, version);
        var legacy = Configured();
        LegacyStore.InsertJob(StorePath, version, legacy);

        using (var store = JobStore.Open(StorePath))
        {
            var job = Assert.Single(store.LoadLive());

            OptionsAssert.Equal(ConfiguredOptions(), job.Options);
            Assert.Equal(legacy.Id, job.Id);
            Assert.Equal(TransferState.Suspended, job.State);
            Assert.Equal(legacy.Created, job.CreationTime);
            Assert.Equal(legacy.LastProgress, job.LastProgressTime);
            Assert.Equal(250_000, job.Bandwidth!.Rate);   // the job's own limit follows its migrated setting
            var file = Assert.Single(job.Files);
            Assert.Equal((4L, 10L, "etag:\"x\"", legacy.Files[0].TempPath), (file.CheckpointedBytes, file.BytesTotal, file.Validator, file.TempPath));
        }

        Assert.Equal(SchemaMigrations.LatestVersion, UserVersion());
        var columns = LegacyStore.Columns(StorePath, "jobs");
        Assert.All(SettingColumns, column => Assert.DoesNotContain(column, columns));
        Assert.Contains("options", columns);
        Assert.Contains("secrets", columns);
        Assert.Contains("progress_ms", LegacyStore.Columns(StorePath, "files"));

        var options = (string)LegacyStore.JobColumn(StorePath, legacy.Id, "options")!;
        var secrets = (string)LegacyStore.JobColumn(StorePath, legacy.Id, "secrets")!;
        Assert.Contains("\"displayName\":\"isos\"", options, StringComparison.Ordinal);
        foreach (var secret in new[] { AnnPassword, BobPassword, Token, "X-Trace" })
        {
            Assert.DoesNotContain(secret, secrets, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, options, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AVersion5JobWithDefaults_BecomesTheDefaults_WithoutSecretsOrAKey()
    {
        // No limit was NULL, no credentials NULL, the system proxy NULL, and no header an empty text.
        LegacyStore.Create(StorePath, 5);
        var legacy = new LegacyJob { DisplayName = "plain", Files = [new LegacyFile(0, "https://example.test/p", _dir.File("p"), _dir.File(".p.part"))] };
        LegacyStore.InsertJob(StorePath, 5, legacy);

        using (var store = JobStore.Open(StorePath))
        {
            var job = Assert.Single(store.LoadLive());
            OptionsAssert.Equal(new TransferOptions { DisplayName = "plain" }, job.Options);
            Assert.Null(job.Bandwidth);
        }

        Assert.Null(LegacyStore.JobColumn(StorePath, legacy.Id, "secrets"));
        Assert.Equal("{\"displayName\":\"plain\"}", LegacyStore.JobColumn(StorePath, legacy.Id, "options"));
        Assert.False(File.Exists(_dir.File("store/jobs.key")), "a store whose jobs have no secret needs no key");
    }

    [Fact]
    public void AVersion5UploadJob_KeepsItsMethodAndReplyFile()
    {
        LegacyStore.Create(StorePath, 5);
        var put = new LegacyJob
        {
            DisplayName = "put",
            Type = TransferType.Upload,
            UploadMethod = UploadMethod.Put,
            Files = [new LegacyFile(0, _dir.File("up.bin"), "https://example.test/up.bin", "")],
        };
        var reply = new LegacyJob
        {
            DisplayName = "reply",
            Type = TransferType.UploadReply,
            ReplyFile = _dir.File("reply.bin"),
            Files = [new LegacyFile(0, _dir.File("up2.bin"), "https://example.test/up2.bin", "")],
        };
        LegacyStore.InsertJob(StorePath, 5, put);
        LegacyStore.InsertJob(StorePath, 5, reply);

        using var store = JobStore.Open(StorePath);
        var jobs = store.LoadLive();

        Assert.Equal([(TransferType.Upload, UploadMethod.Put), (TransferType.UploadReply, UploadMethod.Bits)], jobs.Select(j => (j.Type, j.Options.UploadMethod)));
        Assert.Equal(_dir.File("reply.bin"), jobs[1].ReplyFile);
    }

    [Fact]
    public void APasswordTheKeyCannotDecrypt_BecomesEmpty_AndTheRestMoves()
    {
        // The key file was replaced: the server then refuses the empty password, and the job's error says to set it again.
        LegacyStore.Create(StorePath, 5);
        var legacy = Configured();
        LegacyStore.InsertJob(StorePath, 5, legacy);
        File.Delete(_dir.File("store/jobs.key"));

        using var store = JobStore.Open(StorePath);
        var job = Assert.Single(store.LoadLive());

        Assert.Equal(["", ""], job.Options.Credentials.Select(c => c.Password));
        Assert.Equal(["ann", "CORP\\bob"], job.Options.Credentials.Select(c => c.UserName));
        Assert.Equal(ConfiguredOptions().CustomHeaders, job.Options.CustomHeaders);
    }

    [Fact]
    public void EveryJobMoves_NotOnlyTheFirst()
    {
        LegacyStore.Create(StorePath, 5);
        var jobs = Enumerable.Range(0, 5).Select(i => new LegacyJob
        {
            DisplayName = $"job{i}",
            Priority = (TransferPriority)(i % 4),
            MaxBandwidth = i == 0 ? null : i * 1000,
            CustomHeaders = i % 2 == 0 ? [] : [$"X-Job: {i}"],
            State = i == 4 ? TransferState.Acknowledged : TransferState.Suspended,
        }).ToList();
        jobs.ForEach(j => LegacyStore.InsertJob(StorePath, 5, j));

        using var store = JobStore.Open(StorePath);
        var loaded = store.LoadBySequence([1, 2, 3, 4, 5]);

        Assert.Equal(jobs.Select(j => j.DisplayName), loaded.Select(j => j.Options.DisplayName));
        Assert.Equal(jobs.Select(j => j.Priority), loaded.Select(j => j.Options.Priority));
        Assert.Equal(jobs.Select(j => j.MaxBandwidth ?? 0), loaded.Select(j => j.Options.MaxBandwidth));
        Assert.Equal(jobs.Select(j => string.Join("|", j.CustomHeaders)), loaded.Select(j => string.Join("|", j.Options.CustomHeaders)));
    }

    private long UserVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }
}
