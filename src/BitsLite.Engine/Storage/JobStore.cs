using System.Globalization;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Options;
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
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private readonly Lazy<SecretProtector> _secrets;

    private readonly TimeProvider _clock;
    private readonly JobRowWriter _rows;

    private JobStore(SqliteConnection connection, string path, TimeProvider clock, Lazy<SecretProtector> secrets)
    {
        _connection = connection;
        _clock = clock;
        Path = path;
        _secrets = secrets;
        _rows = new JobRowWriter(connection, () => _secrets.Value);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store, owner-only on Unix, and brings its schema up to date.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="clock">The engine's clock, which the jobs it loads run on.</param>
    public static JobStore Open(string path, TimeProvider? clock = null)
    {
        path = System.IO.Path.GetFullPath(path);

        // Made on first use: a store whose jobs never had a password or header never gets a key file.
        var secrets = new Lazy<SecretProtector>(() => SecretProtector.ForDatabase(path));
        var connection = StoreDatabase.Open(path, () => secrets.Value);
        return new JobStore(connection, path, clock ?? TimeProvider.System, secrets);
    }

    /// <summary>Inserts a new job with its files and sets its <see cref="TransferJob.Sequence"/>.</summary>
    public void Insert(TransferJob job) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = Command(
            """
            INSERT INTO jobs (id, owner, type, state, created_ms, modified_ms, last_progress_ms, reply_file, options, options_version, secrets)
            VALUES ($id, $owner, $type, 0, $created, 0, 0, $replyFile, $options, $version, $secrets)
            RETURNING seq;
            """, transaction))
        {
            var p = command.Parameters;
            p.AddWithValue("$id", job.Id.ToString());
            p.AddWithValue("$owner", job.Owner);
            p.AddWithValue("$type", (int)job.Type);
            p.AddWithValue("$created", job.CreationTime.ToUnixTimeMilliseconds());
            p.AddWithValue("$replyFile", (object?)job.ReplyFile ?? DBNull.Value);
            _rows.AddOptions(p, job.Options, withSecrets: true);
            job.Sequence = (long)command.ExecuteScalar()!;
        }

        _rows.UpdateState(job, transaction);
        foreach (var file in job.Files)
        {
            _rows.InsertFile(job, file, transaction);
        }

        transaction.Commit();
    });

    /// <summary>Saves where the job stands: its state, error, times and its upload's session (not its settings, not its files).</summary>
    public void SaveState(TransferJob job) => Write(() => _rows.UpdateState(job, null));

    /// <summary>
    /// Saves the job's settings; their secrets (encrypted) only when <paramref name="secretsChanged"/>, so that a change of
    /// priority encrypts nothing.
    /// </summary>
    public void SaveOptions(TransferJob job, bool secretsChanged) => Write(() =>
    {
        using var command = Command(secretsChanged
            ? "UPDATE jobs SET options = $options, options_version = $version, secrets = $secrets, modified_ms = $modified WHERE seq = $seq;"
            : "UPDATE jobs SET options = $options, options_version = $version, modified_ms = $modified WHERE seq = $seq;");
        var p = command.Parameters;
        _rows.AddOptions(p, job.Options, secretsChanged);
        p.AddWithValue("$modified", job.ModificationTime.ToUnixTimeMilliseconds());
        p.AddWithValue("$seq", job.Sequence);
        command.ExecuteNonQuery();
    });

    /// <summary>Adds files to a job and saves its state (a Transferred job queues again for them), in one transaction.</summary>
    public void SaveNewFiles(TransferJob job, IEnumerable<TransferFile> added) => Write(() =>
    {
        using var transaction = _connection.BeginTransaction();
        _rows.UpdateState(job, transaction);
        foreach (var file in added)
        {
            _rows.InsertFile(job, file, transaction);
        }

        transaction.Commit();
    });

    /// <summary>
    /// A checkpoint: one UPDATE of the file's row, with the job's progress clock (an upload's session state too, in the
    /// same transaction). Nothing else of the job is written.
    /// </summary>
    public void SaveProgress(TransferJob job, TransferFile file) => Write(() =>
    {
        using var transaction = job.Type == TransferType.Download ? null : _connection.BeginTransaction();
        using (var command = Command(
            """
            UPDATE files SET bytes_total = $total, bytes_checkpointed = $done, validator = $validator, transferred = $transferred,
                temp_path = $temp, temp_identity = $identity, progress_ms = $progress, verified_sha256 = $verifiedHash, segments = $segments
            WHERE job_seq = $seq AND idx = $idx;
            """, transaction))
        {
            var p = command.Parameters;
            p.AddWithValue("$temp", file.TempPath);
            p.AddWithValue("$identity", (object?)file.TempIdentity?.ToString() ?? DBNull.Value);
            p.AddWithValue("$total", file.BytesTotal);
            p.AddWithValue("$done", file.CheckpointedBytes);
            p.AddWithValue("$validator", (object?)file.Validator ?? DBNull.Value);
            p.AddWithValue("$transferred", file.IsTransferred ? 1 : 0);
            p.AddWithValue("$progress", job.LastProgressTime.ToUnixTimeMilliseconds());
            p.AddWithValue("$verifiedHash", (object?)file.VerifiedHash ?? DBNull.Value);
            p.AddWithValue("$segments", (object?)file.Segments?.ToString() ?? DBNull.Value);
            p.AddWithValue("$seq", job.Sequence);
            p.AddWithValue("$idx", file.Index);
            command.ExecuteNonQuery();
        }

        if (transaction is not null)
        {
            _rows.UpdateUpload(job, transaction);
            transaction.Commit();
        }
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
        using (var command = Command($"SELECT * FROM jobs {where} ORDER BY seq;"))
        {
            bind(command.Parameters);
            using var reader = command.ExecuteReader();
            var rows = new JobRowReader(reader, () => _secrets.Value, _clock);
            while (reader.Read())
            {
                var job = rows.Job();
                jobs.Add(job);
                bySequence[job.Sequence] = job;
            }
        }

        if (jobs.Count == 0)
        {
            return jobs;
        }

        // One pass over the files of the selected jobs, merged by sequence: cost stays linear in the result.
        using (var command = Command($"SELECT f.* FROM files f JOIN jobs ON jobs.seq = f.job_seq {where} ORDER BY f.job_seq, f.idx;"))
        {
            bind(command.Parameters);
            using var reader = command.ExecuteReader();
            var rows = new FileRowReader(reader);
            while (reader.Read())
            {
                if (bySequence.TryGetValue(rows.JobSequence(), out var job))
                {
                    var file = rows.File();
                    job.Files.Add(file);
                    job.LastProgressTime = Max(job.LastProgressTime, rows.ProgressTime());
                }
            }
        }

        return jobs;
    }

    // A checkpoint records the job's progress clock in its file's row only: the job's is the latest of them all.
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

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
            catch (SqliteException ex) when (StoreDatabase.IsCorruption(ex))
            {
                throw StoreDatabase.Corrupt(Path, ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }
}
