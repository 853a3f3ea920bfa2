using BitsLite.Engine.Jobs;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// The statements that write jobs, each for one purpose: where a job stands, its upload's session, its settings, a new
/// file. <see cref="JobStore"/> runs them under its lock, alone or together in a transaction.
/// </summary>
internal sealed class JobRowWriter(SqliteConnection connection, Func<SecretProtector> secrets)
{
    public void UpdateState(TransferJob job, SqliteTransaction? transaction)
    {
        using var command = Command(
            """
            UPDATE jobs SET state = $state, modified_ms = $modified, completed_ms = $completed, error_context = $errorContext,
                error_description = $errorDescription, error_http_status = $errorStatus, error_source = $errorSource,
                error_transient = $errorTransient, error_ms = $errorTime, error_count = $errorCount, last_progress_ms = $progress,
                active_time_ms = $active
            WHERE seq = $seq;
            """, transaction);
        var p = command.Parameters;
        p.AddWithValue("$seq", job.Sequence);
        p.AddWithValue("$state", (int)job.State);
        p.AddWithValue("$modified", job.ModificationTime.ToUnixTimeMilliseconds());
        p.AddWithValue("$completed", (object?)job.CompletionTime?.ToUnixTimeMilliseconds() ?? DBNull.Value);
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
        command.ExecuteNonQuery();
        if (job.Type != TransferType.Download)
        {
            UpdateUpload(job, transaction);
        }
    }

    /// <summary>An upload's session with the server and its reply, which its state changes and checkpoints both move.</summary>
    public void UpdateUpload(TransferJob job, SqliteTransaction? transaction)
    {
        using var command = Command(
            """
            UPDATE jobs SET upload_session = $uploadSession, upload_host = $uploadHost, reply_url = $replyUrl, reply_bytes = $replyBytes,
                upload_closing = $closing, reply_temp = $replyTemp, reply_temp_identity = $replyTempIdentity
            WHERE seq = $seq;
            """, transaction);
        var p = command.Parameters;
        p.AddWithValue("$seq", job.Sequence);
        p.AddWithValue("$uploadSession", (object?)job.Upload.SessionId ?? DBNull.Value);
        p.AddWithValue("$uploadHost", (object?)job.Upload.HostId ?? DBNull.Value);
        p.AddWithValue("$replyUrl", (object?)job.Upload.ReplyUrl ?? DBNull.Value);
        p.AddWithValue("$replyBytes", job.Upload.ReplyBytesTotal);
        p.AddWithValue("$closing", job.Upload.Closing ? 1 : 0);
        p.AddWithValue("$replyTemp", (object?)job.Upload.ReplyTempPath ?? DBNull.Value);
        p.AddWithValue("$replyTempIdentity", (object?)job.Upload.ReplyTempIdentity?.ToString() ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public void AddOptions(SqliteParameterCollection p, TransferOptions options, bool withSecrets)
    {
        p.AddWithValue("$options", StoredOptions.ToJson(options));
        p.AddWithValue("$version", StoredOptions.Version);
        if (withSecrets)
        {
            p.AddWithValue("$secrets", (object?)StoredOptions.ProtectSecrets(options, secrets) ?? DBNull.Value);
        }
    }

    public void InsertFile(TransferJob job, TransferFile file, SqliteTransaction transaction)
    {
        using var command = Command(
            """
            INSERT INTO files (job_seq, idx, source, destination, temp_path, bytes_total, bytes_checkpointed, validator, transferred, temp_identity, expected_sha256)
            VALUES ($seq, $idx, $source, $destination, $temp, $total, $done, $validator, $transferred, $identity, $expectedHash);
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
        p.AddWithValue("$expectedHash", (object?)file.ExpectedHash ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
