using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Running.Segments;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>Reads files from a <c>SELECT f.* FROM files f</c> by column name, looked up once per query.</summary>
internal sealed class FileRowReader(SqliteDataReader reader)
{
    private readonly int _jobSeq = reader.GetOrdinal("job_seq");
    private readonly int _index = reader.GetOrdinal("idx");
    private readonly int _source = reader.GetOrdinal("source");
    private readonly int _destination = reader.GetOrdinal("destination");
    private readonly int _temp = reader.GetOrdinal("temp_path");
    private readonly int _total = reader.GetOrdinal("bytes_total");
    private readonly int _checkpointed = reader.GetOrdinal("bytes_checkpointed");
    private readonly int _validator = reader.GetOrdinal("validator");
    private readonly int _transferred = reader.GetOrdinal("transferred");
    private readonly int _identity = reader.GetOrdinal("temp_identity");
    private readonly int _progress = reader.GetOrdinal("progress_ms");
    private readonly int _expectedHash = reader.GetOrdinal("expected_sha256");
    private readonly int _verifiedHash = reader.GetOrdinal("verified_sha256");
    private readonly int _segments = reader.GetOrdinal("segments");

    /// <summary>The sequence number of the current row's job.</summary>
    public long JobSequence() => reader.GetInt64(_jobSeq);

    /// <summary>The job's progress clock as the current row's last checkpoint saved it.</summary>
    public DateTimeOffset ProgressTime() => JobRowReader.Time(reader.GetInt64(_progress));

    /// <summary>The file of the current row.</summary>
    public TransferFile File()
    {
        var checkpointed = reader.GetInt64(_checkpointed);
        return new TransferFile
        {
            Index = reader.GetInt32(_index),
            Source = reader.GetString(_source),
            Destination = reader.GetString(_destination),
            TempPath = reader.GetString(_temp),
            BytesTotal = reader.GetInt64(_total),
            BytesTransferred = checkpointed,
            CheckpointedBytes = checkpointed,
            HighWater = checkpointed,
            Validator = reader.IsDBNull(_validator) ? null : reader.GetString(_validator),
            IsTransferred = reader.GetInt32(_transferred) != 0,
            TempIdentity = PartFileIdentity.Parse(reader.IsDBNull(_identity) ? null : reader.GetString(_identity)),
            ExpectedHash = reader.IsDBNull(_expectedHash) ? null : reader.GetString(_expectedHash),
            VerifiedHash = reader.IsDBNull(_verifiedHash) ? null : reader.GetString(_verifiedHash),
            Segments = FileSegments.Parse(reader.IsDBNull(_segments) ? null : reader.GetString(_segments)),
        };
    }
}
