using System.Globalization;
using System.Text.Json;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// Jobs and their files in one SQLite database (WAL). One connection, used under a lock: writes are
/// small and SQLite serialises writers anyway, and a single connection keeps the file's permissions
/// and locking simple.
/// </summary>
internal sealed class JobStore : IDisposable
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    // Made on first use: a store whose jobs never had a password never gets a key file.
    private readonly Lazy<SecretProtector> _secrets;

    private JobStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
        _secrets = new Lazy<SecretProtector>(() => SecretProtector.ForDatabase(path));
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store, owner-only on Unix, and brings its schema up to date.</summary>
    public static JobStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        PrepareFile(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var store = new JobStore(connection, path);
            store.Initialise();
            return store;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw Corrupt(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a database, -wal or -shm that is a link, another user's or open to others (SQLite would follow the link,
    /// and as root it even hands its -wal and -shm to the database's owner), and creates a missing database owner-only,
    /// exclusively (O_EXCL never follows a link), before SQLite opens it; SQLite gives its -wal and -shm the same mode.
    /// Nothing is ever chmod-ed: a file that is not right is the user's to look at.
    /// </summary>
    private static void PrepareFile(string path)
    {
        OwnerOnlyDirectory.Create(System.IO.Path.GetDirectoryName(path)!);
        PrivateLocation.VerifyFile(path, "job database");
        PrivateLocation.VerifyFile(path + "-wal", "job database's write-ahead log");
        PrivateLocation.VerifyFile(path + "-shm", "job database's shared-memory file");
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        using var created = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnlyFile.Mode,
        });
    }

    private void Initialise()
    {
        var applicationId = Scalar<long>("PRAGMA application_id;");
        var version = Scalar<long>("PRAGMA user_version;");
        var tables = Scalar<long>("SELECT count(*) FROM sqlite_schema;");
        if (applicationId != SchemaMigrations.ApplicationId && (applicationId != 0 || version != 0 || tables != 0))
        {
            throw new TransferException(
                TransferErrorCode.StoreCorrupt,
                $"The file '{Path}' is not a BitsLite job database; it was left untouched. Move it aside or point BITSLITE_HOME elsewhere.");
        }

        if (version > SchemaMigrations.LatestVersion)
        {
            throw new TransferException(
                TransferErrorCode.StoreTooNew,
                $"The job database '{Path}' has schema version {version}, newer than this BitsLite understands ({SchemaMigrations.LatestVersion}); it was left untouched. Use a newer BitsLite.");
        }

        Execute("PRAGMA journal_mode = WAL;");
        // NORMAL under WAL never corrupts; a power cut may only lose the last checkpoints, which resume re-fetches.
        Execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");

        for (var step = (int)version; step < SchemaMigrations.LatestVersion; step++)
        {
            using var transaction = _connection.BeginTransaction();
            Execute(SchemaMigrations.Steps[step], transaction);
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {SchemaMigrations.ApplicationId}; PRAGMA user_version = {step + 1};"), transaction);
            transaction.Commit();
        }
    }

    /// <summary>Inserts a new job with its files and sets its <see cref="TransferJob.Sequence"/>.</summary>
    public void Insert(TransferJob job) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = Command(
            """
            INSERT INTO jobs (id, display_name, description, owner, type, priority, state, created_ms, modified_ms,
                              retry_interval_ms, retry_timeout_ms, max_download_time_ms, max_bandwidth, custom_headers, last_progress_ms)
            VALUES ($id, '', '', $owner, $type, 0, 0, $created, 0, 0, 0, NULL, NULL, '', 0)
            RETURNING seq;
            """, transaction))
        {
            command.Parameters.AddWithValue("$id", job.Id.ToString());
            command.Parameters.AddWithValue("$owner", job.Owner);
            command.Parameters.AddWithValue("$type", (int)job.Type);
            command.Parameters.AddWithValue("$created", job.CreationTime.ToUnixTimeMilliseconds());
            job.Sequence = (long)command.ExecuteScalar()!;
        }

        UpdateJob(job, transaction);
        foreach (var file in job.Files)
        {
            InsertFile(job, file, transaction);
        }

        transaction.Commit();
    });

    /// <summary>Saves the job's row (state, settings, error, times).</summary>
    public void Save(TransferJob job) => Write(() => UpdateJob(job, null));

    /// <summary>Saves the job's row and adds new files, in one transaction.</summary>
    public void SaveWithNewFiles(TransferJob job, IEnumerable<TransferFile> added) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        UpdateJob(job, transaction);
        foreach (var file in added)
        {
            InsertFile(job, file, transaction);
        }

        transaction.Commit();
    });

    /// <summary>Records a file's checkpoint (bytes known to be on disk) and the job's progress clock, in one transaction.</summary>
    public void SaveProgress(TransferJob job, TransferFile file) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = Command(
            """
            UPDATE files SET bytes_total = $total, bytes_checkpointed = $done, validator = $validator, transferred = $transferred,
                temp_path = $temp, temp_identity = $identity
            WHERE job_seq = $seq AND idx = $idx;
            """, transaction))
        {
            command.Parameters.AddWithValue("$temp", file.TempPath);
            command.Parameters.AddWithValue("$identity", (object?)file.TempIdentity?.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$total", file.BytesTotal);
            command.Parameters.AddWithValue("$done", file.CheckpointedBytes);
            command.Parameters.AddWithValue("$validator", (object?)file.Validator ?? DBNull.Value);
            command.Parameters.AddWithValue("$transferred", file.IsTransferred ? 1 : 0);
            command.Parameters.AddWithValue("$seq", job.Sequence);
            command.Parameters.AddWithValue("$idx", file.Index);
            command.ExecuteNonQuery();
        }

        UpdateJob(job, transaction);
        transaction.Commit();
    });

    /// <summary>Every job that is neither Acknowledged nor Cancelled, with its files.</summary>
    public List<TransferJob> LoadLive() => Locked(() => Load("WHERE state NOT IN (7, 8)", _ => { }));

    /// <summary>One job by id, or <see langword="null"/>.</summary>
    public TransferJob? Find(Guid id) => Locked(() =>
        Load("WHERE id = $id", p => p.AddWithValue("$id", id.ToString())).FirstOrDefault());

    /// <summary>
    /// The sequence numbers and ids of up to <paramref name="limit"/> jobs matching the query whose sequence is above
    /// <paramref name="afterSequence"/>, in creation order. Callers page through large stores this way, loading in
    /// full only the jobs they do not already hold in memory.
    /// </summary>
    public List<(long Sequence, Guid Id)> QueryKeys(TransferQuery query, long afterSequence, int limit) => Locked(() =>
    {
        var clauses = new List<string> { "seq > $after" };
        if (query.Owner is not null)
        {
            // Unary + keeps SQLite on the primary key's order instead of sorting every page out of the owner index.
            clauses.Add("+owner = $owner");
        }

        if (query.LiveOnly)
        {
            clauses.Add("state NOT IN (7, 8)");
        }

        if (query.States is { Count: > 0 } states)
        {
            clauses.Add($"state IN ({string.Join(", ", states.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))})");
        }

        using var command = Command($"SELECT seq, id FROM jobs WHERE {string.Join(" AND ", clauses)} ORDER BY seq LIMIT $limit;");
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        if (query.Owner is not null)
        {
            command.Parameters.AddWithValue("$owner", query.Owner);
        }

        var keys = new List<(long, Guid)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add((reader.GetInt64(0), Guid.Parse(reader.GetString(1))));
        }

        return keys;
    });

    /// <summary>The jobs with these sequence numbers, with their files, in creation order.</summary>
    public List<TransferJob> LoadBySequence(IReadOnlyCollection<long> sequences) => sequences.Count == 0 ? [] : Locked(() =>
        Load($"WHERE seq IN ({string.Join(", ", sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)))})", _ => { }));

    /// <summary>Every stored setting by name.</summary>
    public Dictionary<string, string> LoadSettings() => Locked(() =>
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = Command("SELECT name, value FROM settings;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }

        return settings;
    });

    /// <summary>Sets (or, with a <see langword="null"/> value, removes) settings in one transaction.</summary>
    public void SaveSettings(IReadOnlyDictionary<string, string?> changes) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var (name, value) in changes)
        {
            using var command = Command(
                value is null ? "DELETE FROM settings WHERE name = $name;" : "INSERT OR REPLACE INTO settings (name, value) VALUES ($name, $value);",
                transaction);
            command.Parameters.AddWithValue("$name", name);
            if (value is not null)
            {
                command.Parameters.AddWithValue("$value", value);
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
    });

    private List<TransferJob> Load(string where, Action<SqliteParameterCollection> bind)
    {
        var jobs = new List<TransferJob>();
        var bySequence = new Dictionary<long, TransferJob>();
        using (var command = Command($"SELECT {JobColumns} FROM jobs {where} ORDER BY seq;"))
        {
            bind(command.Parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var job = ReadJob(reader);
                jobs.Add(job);
                bySequence[job.Sequence] = job;
            }
        }

        if (jobs.Count == 0)
        {
            return jobs;
        }

        // One pass over the files of the selected jobs, merged by sequence: cost stays linear in the result.
        using (var command = Command($"SELECT {FileColumns} FROM files f JOIN jobs ON jobs.seq = f.job_seq {where} ORDER BY f.job_seq, f.idx;"))
        {
            bind(command.Parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (bySequence.TryGetValue(reader.GetInt64(0), out var job))
                {
                    job.Files.Add(ReadFile(reader));
                }
            }
        }

        return jobs;
    }

    // Explicit column lists read by position: looking columns up by name per row cost more than the rest of a 100,000-job list.
    private const string JobColumns =
        "seq, id, display_name, description, owner, type, priority, state, created_ms, modified_ms, completed_ms, " +
        "retry_interval_ms, retry_timeout_ms, max_download_time_ms, max_bandwidth, custom_headers, error_context, " +
        "error_description, error_http_status, error_source, error_transient, error_ms, error_count, last_progress_ms, active_time_ms, " +
        "credentials, proxy, notification, transfer_policy, reply_file, upload_method, upload_session, upload_host, reply_url, reply_bytes, upload_closing, reply_temp, reply_temp_identity";

    private const string FileColumns =
        "f.job_seq, f.idx, f.source, f.destination, f.temp_path, f.bytes_total, f.bytes_checkpointed, f.validator, f.transferred, f.temp_identity";

    private TransferJob ReadJob(SqliteDataReader r)
    {
        var job = new TransferJob
        {
            Sequence = r.GetInt64(0),
            Id = Guid.Parse(r.GetString(1)),
            DisplayName = r.GetString(2),
            Description = r.GetString(3),
            Owner = r.GetString(4),
            Type = (TransferType)r.GetInt32(5),
            Priority = (TransferPriority)r.GetInt32(6),
            State = (TransferState)r.GetInt32(7),
            CreationTime = Time(r.GetInt64(8)),
            ModificationTime = Time(r.GetInt64(9)),
            CompletionTime = r.IsDBNull(10) ? null : Time(r.GetInt64(10)),
            RetryInterval = TimeSpan.FromMilliseconds(r.GetInt64(11)),
            RetryTimeout = TimeSpan.FromMilliseconds(r.GetInt64(12)),
            MaxDownloadTime = r.IsDBNull(13) ? null : TimeSpan.FromMilliseconds(r.GetInt64(13)),
            MaxBandwidth = r.IsDBNull(14) ? null : r.GetInt64(14),
            CustomHeaders = SplitHeaders(r.GetString(15)),
            ErrorCount = r.GetInt32(22),
            LastProgressTime = Time(r.GetInt64(23)),
            ActiveTime = TimeSpan.FromMilliseconds(r.GetInt64(24)),
            Credentials = r.IsDBNull(25) ? [] : ReadCredentials(r.GetString(25)),
            Proxy = r.IsDBNull(26) ? new() : JsonSerializer.Deserialize(r.GetString(26), StoreJsonContext.Default.TransferProxy) ?? new(),
            Notification = r.IsDBNull(27) ? null : JsonSerializer.Deserialize(r.GetString(27), StoreJsonContext.Default.TransferNotification),
            TransferPolicy = (TransferCostPolicy)r.GetInt32(28),
            ReplyFile = r.IsDBNull(29) ? null : r.GetString(29),
            UploadMethod = (UploadMethod)r.GetInt32(30),
        };
        job.Upload.SessionId = r.IsDBNull(31) ? null : r.GetString(31);
        job.Upload.HostId = r.IsDBNull(32) ? null : r.GetString(32);
        job.Upload.ReplyUrl = r.IsDBNull(33) ? null : r.GetString(33);
        job.Upload.ReplyBytesTotal = r.GetInt64(34);
        job.Upload.ReplyBytesTransferred = Math.Max(job.Upload.ReplyBytesTotal, 0);
        job.Upload.Closing = r.GetInt32(35) != 0;
        job.Upload.ReplyTempPath = !r.IsDBNull(36) ? r.GetString(36) : job.ReplyFile is null ? null : TemporaryFiles.LegacyReplyPath(job.ReplyFile, job.Id);
        job.Upload.ReplyTempIdentity = PartFileIdentity.Parse(r.IsDBNull(37) ? null : r.GetString(37));
        if (!r.IsDBNull(16))
        {
            job.Error = new TransferError
            {
                Context = (TransferErrorContext)r.GetInt32(16),
                Description = r.GetString(17),
                HttpStatus = r.IsDBNull(18) ? null : r.GetInt32(18),
                Source = r.IsDBNull(19) ? null : r.GetString(19),
                IsTransient = r.GetInt32(20) != 0,
                Time = Time(r.GetInt64(21)),
            };
        }

        return job;
    }

    private static TransferFile ReadFile(SqliteDataReader r)
    {
        var checkpointed = r.GetInt64(6);
        return new TransferFile
        {
            Index = r.GetInt32(1),
            Source = r.GetString(2),
            Destination = r.GetString(3),
            TempPath = r.GetString(4),
            BytesTotal = r.GetInt64(5),
            BytesTransferred = checkpointed,
            CheckpointedBytes = checkpointed,
            HighWater = checkpointed,
            Validator = r.IsDBNull(7) ? null : r.GetString(7),
            IsTransferred = r.GetInt32(8) != 0,
            TempIdentity = PartFileIdentity.Parse(r.IsDBNull(9) ? null : r.GetString(9)),
        };
    }

    private void UpdateJob(TransferJob job, SqliteTransaction? transaction)
    {
        using var command = Command(
            """
            UPDATE jobs SET display_name = $name, description = $description, priority = $priority, state = $state,
                modified_ms = $modified, completed_ms = $completed, retry_interval_ms = $retryInterval,
                retry_timeout_ms = $retryTimeout, max_download_time_ms = $maxTime, max_bandwidth = $maxBandwidth,
                custom_headers = $headers, error_context = $errorContext, error_description = $errorDescription,
                error_http_status = $errorStatus, error_source = $errorSource, error_transient = $errorTransient,
                error_ms = $errorTime, error_count = $errorCount, last_progress_ms = $progress, active_time_ms = $active,
                credentials = $credentials, proxy = $proxy, notification = $notification, transfer_policy = $costPolicy,
                reply_file = $replyFile, upload_method = $uploadMethod, upload_session = $uploadSession, upload_host = $uploadHost,
                reply_url = $replyUrl, reply_bytes = $replyBytes, upload_closing = $closing, reply_temp = $replyTemp,
                reply_temp_identity = $replyTempIdentity
            WHERE seq = $seq;
            """, transaction);
        var p = command.Parameters;
        p.AddWithValue("$seq", job.Sequence);
        p.AddWithValue("$name", job.DisplayName);
        p.AddWithValue("$description", job.Description);
        p.AddWithValue("$priority", (int)job.Priority);
        p.AddWithValue("$state", (int)job.State);
        p.AddWithValue("$modified", job.ModificationTime.ToUnixTimeMilliseconds());
        p.AddWithValue("$completed", (object?)job.CompletionTime?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        p.AddWithValue("$retryInterval", (long)job.RetryInterval.TotalMilliseconds);
        p.AddWithValue("$retryTimeout", (long)job.RetryTimeout.TotalMilliseconds);
        p.AddWithValue("$maxTime", (object?)(long?)job.MaxDownloadTime?.TotalMilliseconds ?? DBNull.Value);
        p.AddWithValue("$maxBandwidth", (object?)job.MaxBandwidth ?? DBNull.Value);
        p.AddWithValue("$headers", string.Join('\n', job.CustomHeaders));
        var error = job.Error;
        p.AddWithValue("$errorContext", (object?)(int?)error?.Context ?? DBNull.Value);
        p.AddWithValue("$errorDescription", (object?)error?.Description ?? DBNull.Value);
        p.AddWithValue("$errorStatus", (object?)error?.HttpStatus ?? DBNull.Value);
        p.AddWithValue("$errorSource", (object?)error?.Source ?? DBNull.Value);
        p.AddWithValue("$errorTransient", error is null ? DBNull.Value : error.IsTransient ? 1 : 0);
        p.AddWithValue("$errorTime", (object?)error?.Time.ToUnixTimeMilliseconds() ?? DBNull.Value);
        p.AddWithValue("$errorCount", job.ErrorCount);
        p.AddWithValue("$progress", job.LastProgressTime.ToUnixTimeMilliseconds());
        p.AddWithValue("$active", (long)job.ActiveTime.TotalMilliseconds);
        p.AddWithValue("$credentials", job.Credentials.Count == 0 ? DBNull.Value : WriteCredentials(job.Credentials));
        p.AddWithValue("$proxy", job.Proxy.Usage == TransferProxyUsage.SystemDefault ? DBNull.Value : JsonSerializer.Serialize(job.Proxy, StoreJsonContext.Default.TransferProxy));
        p.AddWithValue("$notification", job.Notification is null ? DBNull.Value : JsonSerializer.Serialize(job.Notification, StoreJsonContext.Default.TransferNotification));
        p.AddWithValue("$costPolicy", (int)job.TransferPolicy);
        p.AddWithValue("$replyFile", (object?)job.ReplyFile ?? DBNull.Value);
        p.AddWithValue("$uploadMethod", (int)job.UploadMethod);
        p.AddWithValue("$uploadSession", (object?)job.Upload.SessionId ?? DBNull.Value);
        p.AddWithValue("$uploadHost", (object?)job.Upload.HostId ?? DBNull.Value);
        p.AddWithValue("$replyUrl", (object?)job.Upload.ReplyUrl ?? DBNull.Value);
        p.AddWithValue("$replyBytes", job.Upload.ReplyBytesTotal);
        p.AddWithValue("$closing", job.Upload.Closing ? 1 : 0);
        p.AddWithValue("$replyTemp", (object?)job.Upload.ReplyTempPath ?? DBNull.Value);
        p.AddWithValue("$replyTempIdentity", (object?)job.Upload.ReplyTempIdentity?.ToString() ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private void InsertFile(TransferJob job, TransferFile file, SqliteTransaction transaction)
    {
        using var command = Command(
            """
            INSERT INTO files (job_seq, idx, source, destination, temp_path, bytes_total, bytes_checkpointed, validator, transferred, temp_identity)
            VALUES ($seq, $idx, $source, $destination, $temp, $total, $done, $validator, $transferred, $identity);
            """, transaction);
        var p = command.Parameters;
        p.AddWithValue("$seq", job.Sequence);
        p.AddWithValue("$idx", file.Index);
        p.AddWithValue("$source", file.Source);
        p.AddWithValue("$destination", file.Destination);
        p.AddWithValue("$temp", file.TempPath);
        p.AddWithValue("$total", file.BytesTotal);
        p.AddWithValue("$done", file.CheckpointedBytes);
        p.AddWithValue("$validator", (object?)file.Validator ?? DBNull.Value);
        p.AddWithValue("$transferred", file.IsTransferred ? 1 : 0);
        p.AddWithValue("$identity", (object?)file.TempIdentity?.ToString() ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    // Only the passwords are encrypted: user names and schemes stay readable for whoever inspects the store.
    private string WriteCredentials(IReadOnlyList<TransferCredential> credentials) => JsonSerializer.Serialize(
        credentials.Select(c => c with { Password = _secrets.Value.Protect(c.Password ?? "") }).ToList(),
        StoreJsonContext.Default.ListTransferCredential);

    private List<TransferCredential> ReadCredentials(string json) =>
        (JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListTransferCredential) ?? [])
        .ConvertAll(c => c with { Password = _secrets.Value.Unprotect(c.Password ?? "") });

    private static string[] SplitHeaders(string text) => text.Length == 0 ? [] : text.Split('\n');

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = Command(sql, transaction);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var command = Command(sql);
        return (T)command.ExecuteScalar()!;
    }

    private void Write(Action action) => Locked(() =>
    {
        action();
        return true;
    });

    /// <summary>Every use of the connection goes through here: one lock, and corruption surfaces as <see cref="TransferErrorCode.StoreCorrupt"/>.</summary>
    private T Locked<T>(Func<T> func)
    {
        lock (_lock)
        {
            try
            {
                return func();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                throw Corrupt(Path, ex);
            }
        }
    }

    private static TransferException Corrupt(string path, Exception inner) => new(
        TransferErrorCode.StoreCorrupt,
        $"The job database '{path}' is damaged or is not a SQLite database; it was left untouched. Move it aside to start with an empty store.",
        inner);

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }
}
