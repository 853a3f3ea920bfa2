using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// Reads jobs from a <c>SELECT * FROM jobs</c> by column name. The names are looked up once per query, not per row: a
/// listing of 100,000 jobs reads each row by the ordinals found here.
/// </summary>
internal sealed class JobRowReader(SqliteDataReader reader, Func<SecretProtector> secrets, TimeProvider clock)
{
    private readonly int _seq = reader.GetOrdinal("seq");
    private readonly int _id = reader.GetOrdinal("id");
    private readonly int _owner = reader.GetOrdinal("owner");
    private readonly int _type = reader.GetOrdinal("type");
    private readonly int _state = reader.GetOrdinal("state");
    private readonly int _created = reader.GetOrdinal("created_ms");
    private readonly int _modified = reader.GetOrdinal("modified_ms");
    private readonly int _completed = reader.GetOrdinal("completed_ms");
    private readonly int _errorContext = reader.GetOrdinal("error_context");
    private readonly int _errorDescription = reader.GetOrdinal("error_description");
    private readonly int _errorStatus = reader.GetOrdinal("error_http_status");
    private readonly int _errorSource = reader.GetOrdinal("error_source");
    private readonly int _errorTransient = reader.GetOrdinal("error_transient");
    private readonly int _errorTime = reader.GetOrdinal("error_ms");
    private readonly int _errorCount = reader.GetOrdinal("error_count");
    private readonly int _progress = reader.GetOrdinal("last_progress_ms");
    private readonly int _active = reader.GetOrdinal("active_time_ms");
    private readonly int _replyFile = reader.GetOrdinal("reply_file");
    private readonly int _uploadSession = reader.GetOrdinal("upload_session");
    private readonly int _uploadHost = reader.GetOrdinal("upload_host");
    private readonly int _replyUrl = reader.GetOrdinal("reply_url");
    private readonly int _replyBytes = reader.GetOrdinal("reply_bytes");
    private readonly int _closing = reader.GetOrdinal("upload_closing");
    private readonly int _replyTemp = reader.GetOrdinal("reply_temp");
    private readonly int _replyTempIdentity = reader.GetOrdinal("reply_temp_identity");
    private readonly int _options = reader.GetOrdinal("options");
    private readonly int _secrets = reader.GetOrdinal("secrets");

    /// <summary>The job of the current row, without its files.</summary>
    public TransferJob Job()
    {
        var r = reader;
        var options = StoredOptions.Read(r.GetString(_options), Text(_secrets), secrets, out var secretsUnreadable);
        var state = (TransferState)r.GetInt32(_state);
        var job = new TransferJob
        {
            Clock = clock,
            Sequence = r.GetInt64(_seq),
            Id = Guid.Parse(r.GetString(_id)),
            Owner = r.GetString(_owner),
            Type = (TransferType)r.GetInt32(_type),
            State = secretsUnreadable && state != TransferState.Transferred ? TransferState.Error : state,
            CreationTime = Time(r.GetInt64(_created)),
            ModificationTime = Time(r.GetInt64(_modified)),
            CompletionTime = r.IsDBNull(_completed) ? null : Time(r.GetInt64(_completed)),
            ErrorCount = r.GetInt32(_errorCount),
            LastProgressTime = Time(r.GetInt64(_progress)),
            ActiveTime = TimeSpan.FromMilliseconds(r.GetInt64(_active)),
            ReplyFile = Text(_replyFile),
        };
        job.ApplyOptions(options);
        job.Upload.SessionId = Text(_uploadSession);
        job.Upload.HostId = Text(_uploadHost);
        job.Upload.ReplyUrl = Text(_replyUrl);
        job.Upload.ReplyBytesTotal = r.GetInt64(_replyBytes);
        job.Upload.ReplyBytesTransferred = Math.Max(job.Upload.ReplyBytesTotal, 0);
        job.Upload.Closing = r.GetInt32(_closing) != 0;
        job.Upload.ReplyTempPath = Text(_replyTemp) ?? (job.ReplyFile is null ? null : TemporaryFiles.LegacyReplyPath(job.ReplyFile, job.Id));
        job.Upload.ReplyTempIdentity = PartFileIdentity.Parse(Text(_replyTempIdentity));
        if (!r.IsDBNull(_errorContext))
        {
            job.Error = new TransferError
            {
                Context = (TransferErrorContext)r.GetInt32(_errorContext),
                Description = r.GetString(_errorDescription),
                HttpStatus = r.IsDBNull(_errorStatus) ? null : r.GetInt32(_errorStatus),
                Source = Text(_errorSource),
                IsTransient = r.GetInt32(_errorTransient) != 0,
                Time = Time(r.GetInt64(_errorTime)),
            };
        }

        if (secretsUnreadable && job.State == TransferState.Error)
        {
            // Not a reason to refuse the whole store: this job waits, in Error, for its secrets to be given again.
            job.Error = UnreadableSecrets(secrets().KeyPath, clock.GetUtcNow());
        }

        return job;
    }

    /// <summary>
    /// Why a job whose stored passwords and headers the key cannot decrypt waits in Error. Kept in memory only: the
    /// encrypted column stays as it is (a restored key file reads it again) until the user gives new secrets.
    /// </summary>
    private static TransferError UnreadableSecrets(string keyPath, DateTimeOffset now) => new()
    {
        Context = TransferErrorContext.GeneralQueueManager,
        Description = $"The job's stored passwords and custom headers cannot be decrypted with the key '{keyPath}' (was the key file replaced?). "
            + "Give them again (Set-Transfer -Credential/-ProxyCredential/-CustomHeaders, or bitslite set --user/--proxy-user/--header-file), then resume the job.",
        IsTransient = false,
        Time = now,
    };

    private string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    internal static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
