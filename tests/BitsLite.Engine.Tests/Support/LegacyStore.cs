using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BitsLite.Engine.Security;
using BitsLite.Engine.Storage;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Support;

/// <summary>
/// Job databases as earlier versions of BitsLite left them, to see what today's store makes of them. The schema of
/// version N is the first N steps of <see cref="SchemaMigrations.Steps"/> (a released step never changes); rows are
/// written with the columns, and in the encodings, that the code of that version used (<see cref="InsertJob"/>).
/// </summary>
internal static class LegacyStore
{
    // How versions 3 to 5 wrote credentials, proxy and notification: their StoreJsonContext's settings.
    private static readonly JsonSerializerOptions StoreJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Creates an empty store of schema <paramref name="version"/> (1 to 5) at <paramref name="path"/>.</summary>
    public static void Create(string path, int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 5);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // Owner-only, as every BitsLite made its database: today's store refuses one that others may read.
        File.WriteAllBytes(path, []);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();
        foreach (var step in SchemaMigrations.Steps.Take(version))
        {
            Execute(connection, transaction, step.Sql);
        }

        Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {SchemaMigrations.ApplicationId}; PRAGMA user_version = {version};"));
        transaction.Commit();
    }

    /// <summary>
    /// Inserts <paramref name="job"/> into a store of schema <paramref name="version"/> (3 to 5) as that version's
    /// JobStore.Insert and Save did, with its files; returns the job's sequence number. Passwords are encrypted one by
    /// one with the store's key (<see cref="SecretProtector.ForDatabase"/>), as they were then.
    /// </summary>
    public static long InsertJob(string path, int version, LegacyJob job)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 5);
        var protector = job.Credentials.Count == 0 ? null : SecretProtector.ForDatabase(path);
        var row = new Dictionary<string, object?>
        {
            ["id"] = job.Id.ToString(),
            ["display_name"] = job.DisplayName,
            ["description"] = job.Description,
            ["owner"] = job.Owner,
            ["type"] = (int)job.Type,
            ["priority"] = (int)job.Priority,
            ["state"] = (int)job.State,
            ["created_ms"] = job.Created.ToUnixTimeMilliseconds(),
            ["modified_ms"] = job.Modified.ToUnixTimeMilliseconds(),
            ["completed_ms"] = job.Completed?.ToUnixTimeMilliseconds(),
            ["retry_interval_ms"] = (long)job.RetryInterval.TotalMilliseconds,
            ["retry_timeout_ms"] = (long)job.RetryTimeout.TotalMilliseconds,
            // No limit was NULL then, not 0.
            ["max_download_time_ms"] = (long?)job.MaxDownloadTime?.TotalMilliseconds,
            ["max_bandwidth"] = job.MaxBandwidth,
            ["custom_headers"] = string.Join('\n', job.CustomHeaders),
            ["error_count"] = job.ErrorCount,
            ["last_progress_ms"] = job.LastProgress.ToUnixTimeMilliseconds(),
            ["active_time_ms"] = (long)job.ActiveTime.TotalMilliseconds,
            ["credentials"] = job.Credentials.Count == 0
                ? null
                : JsonSerializer.Serialize(job.Credentials.Select(c => c with { Password = protector!.Protect(c.Password ?? "") }).ToList(), StoreJson),
            ["proxy"] = job.Proxy is null || job.Proxy.Usage == TransferProxyUsage.SystemDefault ? null : JsonSerializer.Serialize(job.Proxy, StoreJson),
            ["notification"] = job.Notification is null ? null : JsonSerializer.Serialize(job.Notification, StoreJson),
            ["transfer_policy"] = (int)job.TransferPolicy,
        };
        if (version >= 4)
        {
            row["reply_file"] = job.ReplyFile;
            row["upload_method"] = (int)job.UploadMethod;
            row["reply_bytes"] = -1L;
            row["upload_closing"] = 0;
        }

        var sequence = Insert(path, "jobs", row);
        foreach (var file in job.Files)
        {
            var fileRow = new Dictionary<string, object?>
            {
                ["job_seq"] = sequence,
                ["idx"] = file.Index,
                ["source"] = file.Source,
                ["destination"] = file.Destination,
                ["temp_path"] = file.TempPath,
                ["bytes_total"] = file.BytesTotal,
                ["bytes_checkpointed"] = file.BytesCheckpointed,
                ["validator"] = file.Validator,
                ["transferred"] = file.Transferred ? 1 : 0,
            };
            Insert(path, "files", fileRow);
        }

        return sequence;
    }

    /// <summary>The temporary file's name of versions 1 to 4, derived from the destination, the job and the file's index.</summary>
    public static string PredictablePartPath(string destination, Guid jobId, int index = 0) =>
        Path.Combine(Path.GetDirectoryName(destination)!, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(destination)}.{jobId.ToString("N")[..12]}-{index}.bitslite-part"));

    /// <summary>The names of a table's columns.</summary>
    public static HashSet<string> Columns(string path, string table)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}');";
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>One value of the jobs table (null for NULL).</summary>
    public static object? JobColumn(string path, Guid id, string column)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM jobs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString());
        return command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    private static long Insert(string path, string table, Dictionary<string, object?> row)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Keys.Select(k => "$" + k))}); SELECT last_insert_rowid();";
        foreach (var (column, value) in row)
        {
            command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
        }

        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A job as versions 3 to 5 kept it: every setting in its own column, no limit as NULL.</summary>
internal sealed record LegacyJob
{
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    public Guid Id { get; init; } = Guid.NewGuid();

    public string DisplayName { get; init; } = "job";

    public string Description { get; init; } = "";

    public string Owner { get; init; } = "me";

    public TransferType Type { get; init; } = TransferType.Download;

    public TransferPriority Priority { get; init; } = TransferPriority.Normal;

    public TransferState State { get; init; } = TransferState.Suspended;

    public DateTimeOffset Created { get; init; } = Then;

    public DateTimeOffset Modified { get; init; } = Then;

    public DateTimeOffset? Completed { get; init; }

    public DateTimeOffset LastProgress { get; init; } = Then;

    public TimeSpan ActiveTime { get; init; }

    public int ErrorCount { get; init; }

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(600);

    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromDays(14);

    public TimeSpan? MaxDownloadTime { get; init; }

    public long? MaxBandwidth { get; init; }

    public IReadOnlyList<string> CustomHeaders { get; init; } = [];

    /// <summary>With their passwords in the clear; <see cref="LegacyStore.InsertJob"/> encrypts them.</summary>
    public IReadOnlyList<TransferCredential> Credentials { get; init; } = [];

    public TransferProxy? Proxy { get; init; }

    public TransferNotification? Notification { get; init; }

    public TransferCostPolicy TransferPolicy { get; init; }

    public string? ReplyFile { get; init; }

    public UploadMethod UploadMethod { get; init; }

    public IReadOnlyList<LegacyFile> Files { get; init; } = [];
}

/// <summary>A file row as versions 1 to 4 wrote it (version 5's identity column left NULL, as for rows it migrated).</summary>
internal sealed record LegacyFile(int Index, string Source, string Destination, string TempPath)
{
    public long BytesTotal { get; init; } = -1;

    public long BytesCheckpointed { get; init; }

    public string? Validator { get; init; }

    public bool Transferred { get; init; }
}
